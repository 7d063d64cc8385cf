package dev.toolgate.policy.counter;

/**
 * Identifies one counter instance in a store.
 *
 * @param counter the counter's id, {@code <namespace>.<name>} (e.g. {@code run_workflow.run_workflow_rate})
 * @param scope   the caller value its scope keys on (grant, identity or session), "" for global counters
 */
public record CounterKey(String counter, String scope) {
    // written out: the generic record methods are slower on this hot path
    @Override
    public int hashCode() {
        return counter.hashCode() * 31 + scope.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CounterKey k && counter.equals(k.counter) && scope.equals(k.scope);
    }
}
