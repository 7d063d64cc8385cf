package dev.toolgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code scan} against the bundled demo MCP server, over real sockets, in each format. */
class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoMcpServer demo;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = DemoMcpServer.start(0);
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    @Test
    void theTableHasARowPerToolWithItsClassAndWhy() throws Exception {
        CliRun run = CliRun.of("scan", demo.mcpUri().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("TOOL").contains("SIGNALS"));
        assertThat(run.out().lines().skip(1).map(l -> l.split(" +")[0]))
                .containsExactlyInAnyOrder("run_workflow", "list_workflows", "get_workflow_status", "pause_workflow",
                        "resume_workflow", "cancel_workflow", "delete_workflow", "terminate_all_workflows");
    }

    @Test
    void theJsonReportClassifiesEveryToolAndHashesItsDefinition() throws Exception {
        CliRun run = CliRun.of("scan", demo.mcpUri().toString(), "--format", "json");
        JsonNode report = JSON.readTree(run.out());

        Map<String, String> classes = new LinkedHashMap<>();
        report.get("tools").forEach(t -> classes.put(t.get("name").asText(), t.get("class").asText() + "/" + t.get("risk").asText()));
        assertThat(classes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "run_workflow", "execute/high", "list_workflows", "read/low", "get_workflow_status", "read/low",
                "pause_workflow", "write/medium", "resume_workflow", "write/medium", "cancel_workflow", "destructive/high",
                "delete_workflow", "destructive/critical", "terminate_all_workflows", "destructive/critical"));
        report.get("tools").forEach(t -> {
            assertThat(t.get("sha256").asText()).matches("[0-9a-f]{64}");
            assertThat(t.get("parts").fieldNames()).toIterable().containsExactly("annotations", "description", "inputSchema", "other");
        });
    }

    @Test
    void theStarterPolicyIsValidAndDecidesByClass() throws Exception {
        CliRun run = CliRun.of("scan", demo.mcpUri().toString(), "--format", "policy");
        JsonNode document = JSON.readTree(run.out());
        CompiledPolicy policy = PolicyLoader.fromTree(document, "starter");

        assertThat(document.path("tools").path("run_workflow").path("limits")).isEqualTo(JSON.readTree(
                "[{\"counter\":\"run_workflow_rate\",\"window\":\"minute\",\"max\":10,\"scope\":\"grant\"}]"));
        document.get("tools").forEach(entry -> assertThat(entry.path("description").asText()).isNotBlank());
        PolicyEngine engine = new PolicyEngine(policy, Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC));
        Caller caller = new Caller("alice", "team-a", "s");
        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(new ToolCall("run_workflow", null, caller)).allowed()).isTrue();
        }
        assertThat(engine.decide(new ToolCall("run_workflow", null, caller)).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(engine.decide(new ToolCall("list_workflows", null, caller)).allowed()).isTrue();
        assertThat(engine.decide(new ToolCall("pause_workflow", null, caller)).allowed()).isTrue();
        assertThat(engine.decide(new ToolCall("delete_workflow", null, caller)).outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(engine.decide(new ToolCall("terminate_all_workflows", null, caller)).outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(engine.decide(new ToolCall("not_listed", null, caller)).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void anUnreachableServerIsReportedAndExitsOne() throws Exception {
        CliRun run = CliRun.of("scan", "http://127.0.0.1:1/mcp");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("scan: cannot reach http://127.0.0.1:1/mcp (connection refused)" + System.lineSeparator());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertThat(CliRun.of("scan").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("scan", "ftp://x/mcp").err()).contains("must be http:// or https://");
        assertThat(CliRun.of("scan", demo.mcpUri().toString(), "--format", "yaml").err()).contains("--format is table, json or policy");
        assertThat(CliRun.of("scan", demo.mcpUri().toString(), "--header", "novalue").err()).contains("--header takes Name:value");
    }
}
