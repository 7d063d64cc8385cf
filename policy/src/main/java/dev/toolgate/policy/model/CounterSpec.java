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

    /** A counter adding 1 per call. */
    public static CounterSpec of(String name, Window window, Scope scope) {
        return new CounterSpec(name, window, scope, 1, null);
    }
}
