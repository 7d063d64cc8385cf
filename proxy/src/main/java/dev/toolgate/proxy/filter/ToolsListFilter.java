package dev.toolgate.proxy.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.toolgate.policy.Caller;

import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The filter stage: removes from a {@code tools/list} result (any page) every tool the caller can never call (what a
 * policy's {@code grants:} do not grant it included: each caller sees only what it may call),
 * leaving the rest, {@code nextCursor} and everything else untouched. It recognises a list result by its shape,
 * {@code result.tools} as an array, so a result replayed on a resumed stream is filtered too.
 */
public final class ToolsListFilter {
    private final Predicate<String> mayList;

    public ToolsListFilter(Predicate<String> mayList) {
        this.mayList = mayList;
    }

    /** The filter of each caller, over a visibility that depends on who asks. */
    public static Function<Caller, ToolsListFilter> perCaller(BiPredicate<String, Caller> mayList) {
        return caller -> new ToolsListFilter(tool -> mayList.test(tool, caller));
    }

    /**
     * Cheap pre-check on the raw text before parsing: can this message be a tools/list result at all? Text with a
     * {@code \\u} escape is parsed too: {@code "tool\\u0073"} is the key {@code tools} to every reader.
     */
    public static boolean mightBeToolsList(String json) {
        return json.contains("\"tools\"") || json.contains("\\u");
    }

    /** Filters in place; true when something was removed. */
    public boolean filter(JsonNode message) {
        JsonNode tools = message.path("result").path("tools");
        if (!tools.isArray()) {
            return false;
        }
        ArrayNode list = (ArrayNode) tools;
        boolean removed = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode name = list.get(i).get("name");
            if (name == null || !name.isTextual() || !mayList.test(name.textValue())) {
                list.remove(i);
                removed = true;
            }
        }
        return removed;
    }
}
