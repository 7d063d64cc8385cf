package dev.toolgate.proxy;

import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.audit.AuditRecord;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The official MCP Java SDK client through the proxy to the demo server (sessions, SSE responses), real sockets. */
class ProxyEndToEndTest extends DemoUpstreamTest {

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        proxy = ProxyFixture.demo(dir, demo);
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void allowedCallReachesTheUpstreamAndIsAudited() {
        try (McpSyncClient client = proxy.mcpClient()) {
            CallToolResult result = client.callTool(new CallToolRequest("run_workflow", Map.of("name", "invoice", "input", Map.of("n", 1))));

            assertThat(result.isError()).isFalse();
            assertThat(text(result)).matches("wf-\\d+ invoice RUNNING");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxy.audit.records.isEmpty());
        AuditRecord record = proxy.audit.records.get(0);
        assertThat(record.tool()).isEqualTo("run_workflow");
        assertThat(record.decision()).isEqualTo(Outcome.ALLOW);
        assertThat(record.upstreamStatus()).isEqualTo(200);
        assertThat(record.session()).isNotEqualTo("none");
        assertThat(record.argumentsSha256()).hasSize(64).doesNotContain("invoice");
        assertThat(record.identity()).isEqualTo("anonymous");
    }

    @Test
    void deniedCallIsAnsweredByTheProxyAsAToolErrorTheModelCanRead() {
        try (McpSyncClient client = proxy.mcpClient()) {
            CallToolResult result = client.callTool(new CallToolRequest("delete_workflow", Map.of("workflowId", "wf-1")));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).isEqualTo("Denied by policy: Deleting workflows is not permitted for agents; cancel the workflow instead");
            assertThat(result.meta()).containsKey("dev.toolgate/decision");
            assertThat((Map<String, Object>) result.meta().get("dev.toolgate/decision"))
                    .containsEntry("decision", "deny")
                    .containsEntry("rule", "delete_workflow")
                    .containsEntry("tool", "delete_workflow")
                    .doesNotContainKey("retryAfterSeconds");
        }
        assertThat(proxy.audit.records).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Outcome.DENY);
            assertThat(record.upstreamStatus()).isNull();
        });
    }

    @Test
    void argumentConditionDeniesWithTheRulesReason() {
        try (McpSyncClient client = proxy.mcpClient()) {
            CallToolResult result = client.callTool(new CallToolRequest("run_workflow", Map.of("name", "DROP TABLE")));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).isEqualTo("Denied by policy: Use a lowercase workflow name of letters, digits, - and _");
        }
    }

    @Test
    void rateLimitRefusesTheEleventhRunInAMinuteAndAllowsAgainInTheNextWindow() {
        try (McpSyncClient client = proxy.mcpClient()) {
            for (int i = 0; i < 10; i++) {
                assertThat(client.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
            }
            CallToolResult limited = client.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly")));

            assertThat(limited.isError()).isTrue();
            assertThat(text(limited)).startsWith("Denied by policy: ");
            Map<String, Object> meta = (Map<String, Object>) limited.meta().get("dev.toolgate/decision");
            assertThat(meta).containsEntry("decision", "rate_limited").containsEntry("rule", "run_workflow_rate");
            // the fake clock stands 5 s into the minute: the window resets in 55 s
            assertThat(((Number) meta.get("retryAfterSeconds")).longValue()).isEqualTo(55);

            proxy.clock.advance(Duration.ofSeconds(55));
            assertThat(client.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
        }
    }

    @Test
    void toolsListOverSseShowsOnlyWhatThePolicyLetsTheCallerCall() {
        try (McpSyncClient client = proxy.mcpClient()) {
            List<String> listed = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();

            assertThat(listed).containsExactlyInAnyOrder("run_workflow", "list_workflows", "get_workflow_status",
                    "pause_workflow", "resume_workflow", "cancel_workflow");
            assertThat(listed).doesNotContain("delete_workflow", "terminate_all_workflows");
        }
    }

    @Test
    void toolsListAndToolsCallAgree() {
        try (McpSyncClient client = proxy.mcpClient()) {
            List<String> listed = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            for (String tool : List.of("run_workflow", "list_workflows", "get_workflow_status", "pause_workflow",
                    "resume_workflow", "cancel_workflow", "delete_workflow", "terminate_all_workflows", "not_a_tool")) {
                CallToolResult result = client.callTool(new CallToolRequest(tool, Map.of("name", "agree", "workflowId", "wf-0")));
                boolean refusedByPolicy = result.meta() != null && result.meta().containsKey("dev.toolgate/decision");
                assertThat(refusedByPolicy).as(tool).isEqualTo(!listed.contains(tool));
            }
        }
    }

    @Test
    void sessionsAreCarriedThroughAndCountedUntilDeleted() throws Exception {
        McpSyncClient client = proxy.mcpClient();
        client.listTools();
        assertThat(proxy.server.openSessions()).isEqualTo(1);
        assertThat(proxy.metrics()).contains("toolgate_sessions_open 1.0");
        client.closeGracefully();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.openSessions() == 0);
    }
}
