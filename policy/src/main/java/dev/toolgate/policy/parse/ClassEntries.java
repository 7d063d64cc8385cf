package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.ToolEntry;
import dev.toolgate.policy.risk.RiskClass;
import dev.toolgate.policy.risk.RiskLevel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parses {@code classes:}, a map from a risk class or risk level to an entry written like a tool entry. Each entry
 * is read by the tool-entry reader under the name {@code classes.<key>}, so the same fields, sugar and errors apply.
 */
final class ClassEntries {
    /** Reads one tool entry: the parser's own. */
    /** The field of a class entry listing the tools it puts in its class (a person's override). */
    static final String MEMBERS = "tools";

    interface EntryReader {
        ToolEntry read(String name, JsonNode node, String path);
    }

    private ClassEntries() {
    }

    static List<ClassEntry> parse(JsonNode node, ParseContext ctx, EntryReader reader) {
        List<ClassEntry> entries = new ArrayList<>();
        if (node == null || node.isNull()) {
            return entries;
        }
        if (!node.isObject()) {
            ctx.error("classes", "must be a map from a risk class (" + String.join(", ", classKeys())
                    + ") or risk level (" + String.join(", ", riskKeys()) + ") to its rules, got " + ParseContext.describe(node));
            return entries;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String path = Paths.field("classes", key);
            if (!ClassEntry.validKey(key)) {
                List<String> known = Stream.concat(classKeys().stream(), riskKeys().stream()).toList();
                String suggestion = Suggestions.closest(key, known);
                ctx.error(path, "\"" + key + "\" is neither a risk class nor a risk level; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "") + "use one of " + String.join(", ", known));
                continue;
            }
            JsonNode value = field.getValue();
            List<String> members = new ArrayList<>();
            if (value != null && value.isObject() && value.has(MEMBERS)) {
                members = members(value.get(MEMBERS), Paths.field(path, MEMBERS), ctx);
                value = ((ObjectNode) value).deepCopy();
                ((ObjectNode) value).remove(MEMBERS);
            }
            ToolEntry entry = reader.read(ClassEntry.PREFIX + key, value, path);
            if (entry != null) {
                entries.add(ctx.record(new ClassEntry(key, entry.rules(), members), path));
            }
        }
        return entries;
    }

    private static List<String> members(JsonNode node, String path, ParseContext ctx) {
        List<String> members = new ArrayList<>();
        if (node == null || node.isNull()) {
            return members;
        }
        if (!node.isArray()) {
            ctx.error(path, "must be a list of tool names this class overrides the classifier for, got " + ParseContext.describe(node));
            return members;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isEmpty()) {
                ctx.error(Paths.index(path, i), "must be a tool name (a non-empty string), got " + ParseContext.describe(item));
            } else {
                members.add(item.asText());
            }
        }
        return members;
    }

    private static List<String> classKeys() {
        return Arrays.stream(RiskClass.values()).map(RiskClass::keyword).toList();
    }

    private static List<String> riskKeys() {
        return Arrays.stream(RiskLevel.values()).map(RiskLevel::keyword).toList();
    }
}
