package dev.toolgate.policy.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real tool definitions and the class and risk the documented rules give them: the demo server's, the reference
 * server-everything's (as it lists them, annotations untrusted), and definitions written from public MCP servers'
 * documentation (GitHub, filesystem, Slack, Stripe, Postgres, SQLite, fetch, Puppeteer, git, memory, a shell,
 * Kubernetes). A change to the vocabulary or the rules that moves any of them fails here.
 */
class ClassificationTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** server-everything 2026.8.31 as listed; annotations are not trusted, so only the verbs decide. */
    private static final Map<String, String> EVERYTHING = Map.ofEntries(
            Map.entry("echo", "read/low"),
            Map.entry("get-annotated-message", "read/low"),
            Map.entry("get-env", "read/medium"),
            Map.entry("get-resource-links", "read/low"),
            Map.entry("get-resource-reference", "read/low"),
            Map.entry("get-structured-content", "read/low"),
            Map.entry("get-sum", "read/low"),
            Map.entry("get-tiny-image", "read/low"),
            Map.entry("gzip-file-as-resource", "write/high"),
            Map.entry("toggle-simulated-logging", "write/medium"),
            Map.entry("toggle-subscriber-updates", "write/medium"),
            Map.entry("trigger-long-running-operation", "execute/high"),
            Map.entry("simulate-research-query", "read/low"));

    static Stream<Arguments> table() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (JsonNode row : resource("/risk/classification-table.json").get("rows")) {
            rows.add(Arguments.of(row.get("server").asText(), row.get("tool"), row.get("trust").asBoolean(), row.get("expect").asText()));
        }
        for (JsonNode tool : resource("/risk/server-everything-2026.8.31.json").get("tools")) {
            rows.add(Arguments.of("server-everything", tool, false, EVERYTHING.get(tool.get("name").asText())));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void classifiesAsDocumented(String server, JsonNode definition, boolean trust, String expected) {
        Classification c = new ToolClassifier(trust, Map.of()).classify(ToolDefinition.of(definition));
        assertThat(c.riskClass().keyword() + "/" + c.risk().keyword()).as(c.summary()).isEqualTo(expected);
        assertThat(c.signals()).isNotEmpty();
    }

    @Test
    void everyServerEverythingToolIsInTheTable() throws IOException {
        List<String> listed = new ArrayList<>();
        resource("/risk/server-everything-2026.8.31.json").get("tools").forEach(t -> listed.add(t.get("name").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(EVERYTHING.keySet());
    }

    @Test
    void theSeedsExampleSignalReadsAsTheSeedSaysIt() {
        JsonNode definition = JSON.createObjectNode().put("name", "run_query").put("description", "Run a query")
                .set("inputSchema", JSON.createObjectNode().set("properties", JSON.createObjectNode()
                        .set("query", JSON.createObjectNode().put("type", "string"))));
        JsonNode withSql = ((com.fasterxml.jackson.databind.node.ObjectNode) definition.deepCopy()).set("inputSchema",
                JSON.createObjectNode().set("properties", JSON.createObjectNode().set("sql", JSON.createObjectNode().put("type", "string"))));
        Classification c = new ToolClassifier().classify(ToolDefinition.of(withSql));
        assertThat(c.riskClass()).isEqualTo(RiskClass.EXECUTE);
        assertThat(c.signals()).contains("accepts freeform code/query input (sql)");
        assertThat(new ToolClassifier().classify(ToolDefinition.of(definition)).riskClass()).isEqualTo(RiskClass.EXECUTE);
    }

    @Test
    void anOverrideWinsOverEverySignal() {
        JsonNode definition = JSON.createObjectNode().put("name", "delete_everything").put("description", "Delete it all for good");
        Classification c = new ToolClassifier(false, Map.of("delete_everything", new RiskOverride(RiskClass.READ, RiskLevel.LOW)))
                .classify(ToolDefinition.of(definition));
        assertThat(c.riskClass()).isEqualTo(RiskClass.READ);
        assertThat(c.risk()).isEqualTo(RiskLevel.LOW);
        assertThat(c.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(c.signals().get(0)).isEqualTo("override: read/low");
    }

    @Test
    void theSameDefinitionAlwaysGivesTheSameAnswer() throws IOException {
        for (JsonNode tool : resource("/risk/server-everything-2026.8.31.json").get("tools")) {
            assertThat(new ToolClassifier().classify(ToolDefinition.of(tool)))
                    .isEqualTo(new ToolClassifier().classify(ToolDefinition.of(tool.deepCopy())));
        }
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = ClassificationTableTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }
}
