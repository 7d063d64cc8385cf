package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.operator.customresource.PolicyDocument;
import dev.toolgate.operator.customresource.ToolPolicySpec;

/** Conversions between the ToolPolicy model and policy documents (JSON trees). */
public final class PolicyDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyDocuments() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The policy of a ToolPolicy spec: everything but targetRef. */
    public static ObjectNode document(ToolPolicySpec spec) {
        ObjectNode tree = MAPPER.valueToTree(spec);
        tree.remove("targetRef");
        return tree;
    }

    public static ObjectNode document(PolicyDocument document) {
        return MAPPER.valueToTree(document);
    }

    public static PolicyDocument fromTree(JsonNode tree) {
        return MAPPER.convertValue(tree, PolicyDocument.class);
    }

    /** Compact JSON text of a document (object keys as given). */
    public static String json(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
