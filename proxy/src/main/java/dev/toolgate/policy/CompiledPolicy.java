package dev.toolgate.policy;

/** An immutable, validated policy in the form the evaluator runs. Issue #3 fills this in. */
public final class CompiledPolicy {
    /** How many tool entries (names and globs, "*" included) the policy covers. */
    public int toolCount() {
        throw new UnsupportedOperationException("policy language not implemented yet (issue #3)");
    }
}
