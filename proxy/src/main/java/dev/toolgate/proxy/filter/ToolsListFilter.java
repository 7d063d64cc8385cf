package dev.toolgate.proxy.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.toolgate.policy.Caller;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.proxy.inventory.ToolInventory;

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
    private final ToolInventory inventory;
    private final BiPredicate<String, Classification> mayList;

    public ToolsListFilter(Predicate<String> mayList) {
        this(ToolInventory.unpinned(), (tool, classification) -> mayList.test(tool));
    }

    /**
     * A filter that first records every listed definition in {@code inventory} (so calls are decided with their tool's
     * class), then removes the tools whose definition changed from its pin and those the policy never lets the caller
     * call, judged with their class.
     */
    public ToolsListFilter(ToolInventory inventory, BiPredicate<String, Classification> mayList) {
        this.inventory = inventory;
        this.mayList = mayList;
    }

    /** Whether a tool of this classification (null: never seen listed) may be listed to this caller. */
    @FunctionalInterface
    public interface CallerVisibility {
        boolean mayList(String tool, Caller caller, Classification classification);
    }

    /**
     * The filter of each caller, over a visibility that depends on who asks (a policy's {@code grants:}: each caller
     * sees only what it may call); every filter records the listed definitions in the one {@code inventory}.
     */
    public static Function<Caller, ToolsListFilter> perCaller(ToolInventory inventory, CallerVisibility visibility) {
        return caller -> new ToolsListFilter(inventory,
                (tool, classification) -> visibility.mayList(tool, caller, classification));
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
        inventory.observe(list);
        boolean removed = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode name = list.get(i).get("name");
            if (name == null || !name.isTextual() || !inventory.mayList(name.textValue())
                    || !mayList.test(name.textValue(), inventory.classification(name.textValue()))) {
                list.remove(i);
                removed = true;
            }
        }
        return removed;
    }
}
