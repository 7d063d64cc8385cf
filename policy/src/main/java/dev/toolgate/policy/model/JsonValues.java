package dev.toolgate.policy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Puts condition values in one numeric form, so that a model read from YAML, from JSON or from a tree some
 * other code parsed compares equal: whole numbers as the smallest integer node, others as exact decimals.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    static JsonNode normalize(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.bitLength() < 32) {
                return NODES.numberNode(value.intValue());
            }
            return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
        }
        if (node.isDouble() || node.isFloat()) {
            return NODES.numberNode(BigDecimal.valueOf(node.doubleValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(normalize(item)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), normalize(field.getValue()));
            }
            return copy;
        }
        return node.deepCopy();
    }
}
