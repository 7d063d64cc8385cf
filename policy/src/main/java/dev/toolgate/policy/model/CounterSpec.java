package dev.toolgate.policy.model;

import java.util.Objects;

/**
 * A named counter that a rule increments on every call it lets through (Intercept's {@code state:} block,
 * PolicyLayer's {@code limits[]} entry). Its limit is the rule's {@code lt}/{@code lte} condition on
 * {@code state.<namespace>.<name>}: a call is let through only if the counter plus the increment stays
 * within the limit, checked and reserved atomically.
 *
 * @param name          the counter's name, unique within its tool entry; referenced as {@code state.<namespace>.<name>}
 * @param window        the fixed UTC window after which the counter restarts at zero
 * @param scope         whose calls it counts (global, per grant, identity or session)
 * @param increment     the fixed amount added per call (at least 1) when {@code incrementFrom} is null
 * @param incrementFrom an {@code args.} path whose non-negative integer value is added instead, or null
 */
public record CounterSpec(String name, Window window, Scope scope, long increment, String incrementFrom) {
    public CounterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        scope = scope == null ? Scope.GLOBAL : scope;
    }

    /**
     * The counter's id in a counter store and after {@code state.} in a condition: {@code <namespace>.<name>}, where the
     * namespace is its tool entry's ({@link ToolEntry#counterNamespace()}). Built here only.
     */
    public static String id(String namespace, String name) {
        return namespace + "." + name;
    }

    /** The condition path that reads a counter: {@code state.<namespace>.<name>}. */
    public static String statePath(String namespace, String name) {
        return STATE_PREFIX + id(namespace, name);
    }

    /** What a condition path on a counter starts with. */
    public static final String STATE_PREFIX = "state.";

    /** A counter adding 1 per call. */
    public static CounterSpec of(String name, Window window, Scope scope) {
        return new CounterSpec(name, window, scope, 1, null);
    }
}
