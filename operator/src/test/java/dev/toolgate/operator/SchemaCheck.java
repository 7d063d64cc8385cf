package dev.toolgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a resource against a checked-in CRD's structural schema the way the API server would before CEL rules:
 * types, enums, patterns, minimums, required fields, and unknown fields (which the API server would silently prune).
 * No API server runs on these machines; this keeps "pasted verbatim under spec" honest.
 */
public final class SchemaCheck {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SchemaCheck() {
    }

    public static JsonNode schema(String crdFile) throws IOException {
        return YAML.readTree(OperatorHarness.CRDS.resolve(crdFile).toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    /** Every problem, as {@code path: message}; empty when the API server would store the resource unchanged. */
    public static List<String> problems(JsonNode schema, JsonNode resource) {
        List<String> problems = new ArrayList<>();
        for (String field : List.of("spec", "status")) {
            if (resource.has(field)) {
                check(schema.path("properties").path(field), resource.get(field), field, problems);
            }
        }
        return problems;
    }

    private static void check(JsonNode schema, JsonNode node, String path, List<String> problems) {
        if (schema.isMissingNode()) {
            problems.add(path + ": unknown field, would be pruned");
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!node.isIntegralNumber() && !node.isTextual()) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !schema.has("type")) {
            return;
        }
        switch (schema.path("type").asText()) {
            case "object" -> {
                if (!node.isObject()) {
                    problems.add(path + ": must be an object");
                    return;
                }
                for (JsonNode required : schema.path("required")) {
                    if (!node.has(required.asText())) {
                        problems.add(path + "." + required.asText() + ": required");
                    }
                }
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    JsonNode fieldSchema = schema.path("properties").has(field.getKey())
                            ? schema.path("properties").path(field.getKey())
                            : schema.path("additionalProperties");
                    if (fieldSchema.isMissingNode() && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                        continue;
                    }
                    check(fieldSchema, field.getValue(), path + "." + field.getKey(), problems);
                }
            }
            case "array" -> {
                if (!node.isArray()) {
                    problems.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(schema.path("items"), node.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!node.isTextual()) {
                    problems.add(path + ": must be a string");
                    return;
                }
                if (schema.has("enum") && !schema.get("enum").toString().contains("\"" + node.asText() + "\"")) {
                    problems.add(path + ": \"" + node.asText() + "\" is not one of " + schema.get("enum"));
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(node.asText()).find()) {
                    problems.add(path + ": does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> {
                if (!node.isIntegralNumber()) {
                    problems.add(path + ": must be an integer");
                } else if (schema.has("minimum") && node.asDouble() < schema.get("minimum").asDouble()) {
                    problems.add(path + ": below the minimum " + schema.get("minimum"));
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    problems.add(path + ": must be a boolean");
                }
            }
            case "number" -> {
                if (!node.isNumber()) {
                    problems.add(path + ": must be a number");
                }
            }
            default -> problems.add(path + ": the schema has no type " + schema.path("type"));
        }
    }

    public static Path crds() {
        return OperatorHarness.CRDS;
    }
}
