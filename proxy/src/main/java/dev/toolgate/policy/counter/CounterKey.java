package dev.toolgate.policy.counter;

/**
 * Identifies one counter instance in a store.
 *
 * @param counter the counter's id, {@code <namespace>.<name>} (e.g. {@code run_workflow.run_workflow_rate})
 * @param scope   the caller value its scope keys on (grant, identity or session), "" for global counters
 */
public record CounterKey(String counter, String scope) {
}
