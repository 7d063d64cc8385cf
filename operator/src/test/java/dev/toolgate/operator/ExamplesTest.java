package dev.toolgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.policy.LanguagePolicyValidator;
import dev.toolgate.operator.policy.PolicyDocuments;
import dev.toolgate.policy.PolicyMerger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest under examples/ parses, fits the CRD schema unchanged, and every ToolPolicy is a valid policy. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<JsonNode> DOCUMENTS = new ArrayList<>();

    @BeforeAll
    static void readExamples() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(doc -> doc != null && !doc.isNull() && !doc.isEmpty())
                            .forEach(doc -> DOCUMENTS.add(((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("$file", file.getFileName().toString())));
                }
            }
        }
    }

    @Test
    void everyManifestFitsItsSchemaUnchanged() throws Exception {
        JsonNode mcpServers = SchemaCheck.schema("mcpservers.toolgate.dev-v1.yml");
        JsonNode toolPolicies = SchemaCheck.schema("toolpolicies.toolgate.dev-v1.yml");
        assertThat(kinds()).contains("McpServer", "ToolPolicy");
        for (JsonNode doc : DOCUMENTS) {
            String kind = doc.path("kind").asText();
            if (kind.equals("McpServer")) {
                assertThat(SchemaCheck.problems(mcpServers, doc)).as(doc.path("$file").asText()).isEmpty();
                assertThat(PolicyDocuments.mapper().treeToValue(without$file(doc), McpServer.class).getSpec().getUpstream()).isNotNull();
            } else if (kind.equals("ToolPolicy")) {
                assertThat(SchemaCheck.problems(toolPolicies, doc)).as(doc.path("$file").asText()).isEmpty();
            }
        }
    }

    @Test
    void everyToolPolicyIsValidAndThosePerMcpServerMerge() throws Exception {
        var validator = new LanguagePolicyValidator();
        Map<String, Map<String, JsonNode>> byTarget = new TreeMap<>();
        for (ToolPolicy policy : toolPolicies()) {
            var document = PolicyDocuments.document(policy.getSpec());
            int tools = validator.validate(document, "example " + policy.getMetadata().getName());
            assertThat(tools).isEqualTo(document.path("tools").size());
            byTarget.computeIfAbsent(policy.getSpec().getTargetRef().getName(), t -> new TreeMap<>())
                    .put(policy.getMetadata().getName(), document);
        }
        assertThat(byTarget).containsKeys("conductor", "github");
        byTarget.forEach((target, policies) -> {
            PolicyMerger.Result merged = PolicyMerger.mergeDocuments(policies);
            assertThat(merged.conflicts()).as(target).isEmpty();
        });
    }

    @Test
    void theConductorExampleIsTheSeedPolicyVerbatim() throws Exception {
        ToolPolicy conductor = toolPolicies().stream().filter(p -> p.getMetadata().getName().equals("conductor-run-workflow")).findFirst().orElseThrow();
        // through the typed model (what the operator validates and stores), byte for byte
        assertThat(PolicyDocuments.json(PolicyDocuments.document(conductor.getSpec()))).isEqualTo(Fixtures.SEED);
        JsonNode raw = DOCUMENTS.stream().filter(d -> d.path("metadata").path("name").asText().equals("conductor-run-workflow")).findFirst().orElseThrow();
        var spec = raw.get("spec").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec).remove("targetRef");
        assertThat(spec).isEqualTo(PolicyDocuments.mapper().readTree(Fixtures.SEED));
    }

    private static List<ToolPolicy> toolPolicies() throws Exception {
        List<ToolPolicy> policies = new ArrayList<>();
        for (JsonNode doc : DOCUMENTS) {
            if (doc.path("kind").asText().equals("ToolPolicy")) {
                policies.add(PolicyDocuments.mapper().treeToValue(without$file(doc), ToolPolicy.class));
            }
        }
        return policies;
    }

    private static JsonNode without$file(JsonNode doc) {
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy();
        copy.remove("$file");
        return copy;
    }

    private static List<String> kinds() {
        return DOCUMENTS.stream().map(d -> d.path("kind").asText()).distinct().collect(Collectors.toList());
    }
}
