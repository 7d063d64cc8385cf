package dev.toolgate.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.risk.StarterPolicy;
import dev.toolgate.policy.risk.ToolClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scan} against a second, independent MCP server: the reference server-everything (Node.js, Streamable HTTP,
 * answers as SSE streams, its own tools and annotations).
 */
class ServerEverythingScanTest {
    private static ServerEverything server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerEverything.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listsAndClassifiesEveryTool() throws Exception {
        List<JsonNode> tools = new McpToolLister(server.mcpUri(), Map.of()).listTools();
        ScanReport report = ScanReport.of(server.mcpUri().toString(), tools, new ToolClassifier());

        Map<String, String> classes = new LinkedHashMap<>();
        report.classifications().forEach(c -> classes.put(c.tool(), c.riskClass().keyword() + "/" + c.risk().keyword()));
        assertThat(classes).containsEntry("echo", "read/low")
                .containsEntry("get-env", "read/medium")
                .containsEntry("gzip-file-as-resource", "write/high")
                .containsEntry("toggle-simulated-logging", "write/medium")
                .containsEntry("trigger-long-running-operation", "execute/high");
        assertThat(classes).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void trustedAnnotationsMakeItsReadOnlyToolsRead() throws Exception {
        List<JsonNode> tools = new McpToolLister(server.mcpUri(), Map.of()).listTools();
        ScanReport report = ScanReport.of(server.mcpUri().toString(), tools, new ToolClassifier(true, Map.of()));

        assertThat(report.classifications()).filteredOn(c -> c.tool().equals("trigger-long-running-operation"))
                .singleElement().satisfies(c -> assertThat(c.riskClass().keyword()).isEqualTo("read"));
    }

    @Test
    void itsStarterPolicyValidates() throws Exception {
        List<JsonNode> tools = new McpToolLister(server.mcpUri(), Map.of()).listTools();
        ScanReport report = ScanReport.of(server.mcpUri().toString(), tools, new ToolClassifier());
        CompiledPolicy policy = PolicyLoader.fromTree(StarterPolicy.of(server.mcpUri().toString(), report.classifications()), "starter");

        assertThat(policy.toolCount()).isEqualTo(report.tools().size());
        assertThat(policy.model().tool("trigger-long-running-operation").rules()).singleElement()
                .satisfies(rule -> assertThat(rule.counter().name()).isEqualTo("trigger-long-running-operation_rate"));
    }
}
