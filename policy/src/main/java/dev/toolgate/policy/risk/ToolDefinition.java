package dev.toolgate.policy.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;

/**
 * One tool as an MCP server lists it in {@code tools/list}: what the classifier reads, and the whole definition as
 * listed, which {@link ToolFingerprint} hashes.
 *
 * @param name        {@code name}
 * @param description {@code description}, empty when absent
 * @param inputSchema {@code inputSchema}, an empty object when absent
 * @param annotations {@code annotations}, or null when the server sent none
 * @param listed      the definition object exactly as listed
 */
public record ToolDefinition(String name, String description, JsonNode inputSchema, JsonNode annotations, JsonNode listed) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        inputSchema = inputSchema == null || !inputSchema.isObject() ? JsonNodeFactory.instance.objectNode() : inputSchema;
        annotations = annotations == null || !annotations.isObject() ? null : annotations;
        listed = listed == null ? JsonNodeFactory.instance.objectNode().put("name", name) : listed;
    }

    /** The definition of one element of {@code result.tools}; null when it has no textual {@code name}. */
    public static ToolDefinition of(JsonNode listed) {
        if (listed == null || !listed.isObject() || !listed.path("name").isTextual()) {
            return null;
        }
        JsonNode description = listed.get("description");
        return new ToolDefinition(listed.get("name").textValue(), description != null && description.isTextual()
                ? description.textValue() : "", listed.get("inputSchema"), listed.get("annotations"), listed);
    }
}
