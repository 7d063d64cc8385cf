package dev.toolgate.policy;

import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.eval.Evaluator;
import dev.toolgate.policy.eval.ToolPlan;

import java.time.Clock;
import java.util.Objects;

/**
 * Decides tool calls against the policy in force. Thread-safe; the policy can be swapped while calls are
 * decided and counters survive the swap (they live in the {@link CounterStore}, keyed by counter name and
 * caller, not by policy). See {@link Evaluator} for the evaluation order.
 */
public final class PolicyEngine {
    private final CounterStore store;
    private volatile CompiledPolicy policy;

    /** An engine with in-memory counters on the given clock. */
    public PolicyEngine(CompiledPolicy initial, Clock clock) {
        this(initial, new InMemoryCounterStore(clock));
    }

    /** An engine on the given counter store (whose clock places calls in windows). */
    public PolicyEngine(CompiledPolicy initial, CounterStore store) {
        this.policy = Objects.requireNonNull(initial, "initial policy");
        this.store = Objects.requireNonNull(store, "counter store");
    }

    /** Decides a call and reserves its counters when allowed. Never throws: a failure is a DENY (fail closed). */
    public Decision decide(ToolCall call) {
        return run(call, true);
    }

    /** The decision {@link #decide} would give, touching no counter. */
    public Decision explain(ToolCall call) {
        return run(call, false);
    }

    private Decision run(ToolCall call, boolean reserve) {
        String tool = call == null ? null : call.tool();
        try {
            if (tool == null) {
                return new Decision(Outcome.DENY, null, "error", "the call names no tool; denied", null, Reservation.NONE);
            }
            return Evaluator.evaluate(policy, call, store, reserve);
        } catch (RuntimeException | StackOverflowError e) {
            return new Decision(Outcome.DENY, tool, "error", "the policy could not be evaluated (" + e
                    + "); the call is denied to fail closed", null, Reservation.NONE);
        }
    }

    /** False for a tool the caller can never call (hidden, denied outright, unlisted under default deny). */
    public boolean mayList(String tool) {
        try {
            CompiledPolicy current = policy;
            ToolPlan plan = current.plan(tool);
            return !plan.hidden() && !plan.deniedOutright() && (plan.listed() || !current.defaultDeny());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Puts a new policy in force; counters are kept. */
    public void swap(CompiledPolicy next) {
        this.policy = Objects.requireNonNull(next, "policy");
    }

    public CompiledPolicy current() {
        return policy;
    }

    /** The store holding this engine's counters. */
    public CounterStore counters() {
        return store;
    }
}
