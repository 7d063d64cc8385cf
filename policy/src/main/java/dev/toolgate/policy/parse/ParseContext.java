package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.model.Window;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one parse collects (errors, where each model object came from, which objects lost a part) and the
 * small typed readers every part of the document uses: strings, windows, unknown-field checks.
 */
final class ParseContext {
    static final String WINDOW_FIX = "use second, minute, hour, day or a number of seconds";

    final List<PolicyError> errors = new ArrayList<>();
    final Map<Object, String> origins = new IdentityHashMap<>();
    final Set<Object> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());

    Window window(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            error(path, "missing; " + WINDOW_FIX);
            return null;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() < 1) {
                error(path, node.asText() + " is not a window; a number of seconds is at least 1 (or " + WINDOW_FIX + ")");
                return null;
            }
            return new Window(node.asLong());
        }
        if (node.isTextual()) {
            return windowText(node.asText(), path);
        }
        error(path, describe(node) + " is not a window; " + WINDOW_FIX);
        return null;
    }

    Window windowText(String text, String path) {
        Window named = Window.named(text);
        if (named != null) {
            return named;
        }
        if (text.matches("\\d{1,18}") && Long.parseLong(text) >= 1) {
            return new Window(Long.parseLong(text));
        }
        error(path, "\"" + text + "\" is not a window; " + WINDOW_FIX);
        return null;
    }

    /** A string field: its value, null when absent or null, null plus an error when not a string. */
    String text(JsonNode node, String field, String parentPath) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            error(Paths.field(parentPath, field), "must be a string, got " + describe(value));
            return null;
        }
        return value.asText();
    }

    /**
     * A list of tool names or globs ({@code hide}, a grants entry's {@code tools}) present at {@code path}: its strings,
     * with an error for the list (then null) or for each item that is not a string (then left out).
     */
    List<String> toolNames(JsonNode node, String path) {
        if (!node.isArray()) {
            error(path, "must be a list of tool names or globs, got " + describe(node));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                names.add(item.asText());
            } else {
                error(Paths.index(path, i), "must be a tool name or glob (a string), got " + describe(item));
            }
        }
        return names;
    }

    void unknownFields(JsonNode node, String path, Set<String> known, String what) {
        unknownFields(node, path, known, Set.of(), what);
    }

    /** As above; {@code unadvertised} fields are accepted but left out of the hint (fields only the operator writes). */
    void unknownFields(JsonNode node, String path, Set<String> known, Set<String> unadvertised, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name) && !unadvertised.contains(name)) {
                String suggestion = Suggestions.closest(name, known);
                error(Paths.field(path, name), "unknown field in " + what + "; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "")
                        + "known fields: " + String.join(", ", known));
            }
        }
    }

    <T> T record(T modelObject, String path) {
        origins.put(modelObject, path);
        return modelObject;
    }

    /** How a node looks in a message: {@code "text"}, {@code 42}, {@code a list}, {@code an object}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing (null)";
        } else if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        } else if (node.isArray()) {
            return "a list";
        } else if (node.isObject()) {
            return "an object";
        }
        return node.toString();
    }

    void error(String path, String message) {
        errors.add(new PolicyError(path, message));
    }
}
