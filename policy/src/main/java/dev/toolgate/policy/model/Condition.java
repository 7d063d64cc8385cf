package dev.toolgate.policy.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * One test of a rule: the value at {@code path} compared with {@code value} by {@code op}.
 * A path that is missing fails the condition (except for {@link Op#EXISTS}).
 *
 * @param path  {@code args.<field>[.<field>...]} (tool-call arguments; a number segment indexes an array) or
 *              {@code state.<namespace>.<counter>} (a counter's value in the current window; the namespace is
 *              the tool entry's name, {@code _global} for {@code "*"})
 * @param op    the operator
 * @param value the operand as written (a JSON scalar, a list for {@code in}/{@code not_in}, a boolean for {@code exists})
 */
public record Condition(String path, Op op, JsonNode value) {
    public Condition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        value = JsonValues.normalize(value);
    }

    /** A copy of the operand (the model stays immutable). */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /** True for a {@code state.} path. */
    public boolean isState() {
        return path.startsWith(CounterSpec.STATE_PREFIX);
    }
}
