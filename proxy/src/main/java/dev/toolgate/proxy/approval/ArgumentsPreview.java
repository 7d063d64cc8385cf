package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an approver sees of a call's arguments: the JSON with the values of secret-looking keys masked, long strings
 * cut, deep or wide structures elided, and the whole text capped. The arguments are the agent's (attacker-controlled)
 * input: the preview never grows with them, and whoever shows it must escape it.
 */
public final class ArgumentsPreview {
    /** The most characters of a preview. */
    public static final int MAX_CHARS = 2048;
    static final String MASK = "***";
    private static final int MAX_STRING = 200;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_MEMBERS = 50;
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|api[-_]?key|auth|credential|private[-_]?key|cookie|session|signature).*");

    private ArgumentsPreview() {
    }

    public static String of(JsonNode arguments) {
        String text = redacted(arguments, 0).toString();
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 2)) ? MAX_CHARS - 2 : MAX_CHARS - 1;
        return text.substring(0, end) + "…";
    }

    private static JsonNode redacted(JsonNode node, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isContainerNode() && depth >= MAX_DEPTH) {
            return nodes.textNode("…");
        }
        if (node.isObject()) {
            ObjectNode copy = nodes.objectNode();
            int members = 0;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (++members > MAX_MEMBERS) {
                    copy.put("…", (node.size() - MAX_MEMBERS) + " more");
                    break;
                }
                String key = cut(field.getKey());
                copy.set(key, SECRET.matcher(field.getKey()).matches() ? nodes.textNode(MASK) : redacted(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                if (i == MAX_MEMBERS) {
                    copy.add("… " + (node.size() - MAX_MEMBERS) + " more");
                    break;
                }
                copy.add(redacted(node.get(i), depth + 1));
            }
            return copy;
        }
        return node.isTextual() ? nodes.textNode(cut(node.textValue())) : node;
    }

    private static String cut(String text) {
        if (text.length() <= MAX_STRING) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_STRING - 1)) ? MAX_STRING - 1 : MAX_STRING;
        return text.substring(0, end) + "…";
    }
}
