package dev.toolgate.policy;

/**
 * Decides tool calls against the policy in force. Thread-safe; the policy can be swapped while calls are
 * decided and counters survive the swap. Issue #3 fills this in.
 */
public final class PolicyEngine {
    public PolicyEngine(CompiledPolicy initial, java.time.Clock clock) {
        throw new UnsupportedOperationException("issue #3");
    }

    /** Decides a call and reserves its counters when allowed. Never throws: a failure is a DENY (fail closed). */
    public Decision decide(ToolCall call) {
        throw new UnsupportedOperationException("issue #3");
    }

    /** The decision {@link #decide} would give, touching no counter. */
    public Decision explain(ToolCall call) {
        throw new UnsupportedOperationException("issue #3");
    }

    /** False for a tool the caller can never call (hidden, denied outright, unlisted under default deny). */
    public boolean mayList(String tool) {
        throw new UnsupportedOperationException("issue #3");
    }

    /** Puts a new policy in force; counters are kept. */
    public void swap(CompiledPolicy next) {
        throw new UnsupportedOperationException("issue #3");
    }

    public CompiledPolicy current() {
        throw new UnsupportedOperationException("issue #3");
    }
}
