package dev.toolgate.policy;

import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.eval.CounterClaims;
import dev.toolgate.policy.eval.Evaluation;
import dev.toolgate.policy.eval.Evaluator;
import dev.toolgate.policy.eval.ToolPlan;
import dev.toolgate.policy.model.RuleOrigin;

import java.time.Clock;
import java.util.Objects;

/**
 * Decides tool calls against the policy in force. Thread-safe; the policy can be swapped while calls are
 * decided and counters survive the swap (they live in the {@link CounterStore}, keyed by counter name and
 * caller, not by policy). See {@link Evaluator} for the evaluation order.
 *
 * <p>This is the one place where a failed evaluation becomes a denial (fail closed), for {@code explain} and the proxy
 * alike: the decision names the rule {@value #FAILURE_RULE}, gives the agent the fixed {@value #FAILURE_REASON}, and
 * keeps what failed in {@link Decision#failure()} for the audit log.
 */
public final class PolicyEngine {
    /** The rule of a call denied because the policy could not be evaluated. */
    public static final String FAILURE_RULE = "toolgate/evaluation-failed";
    /** What the agent reads when evaluation failed: fixed, so nothing of the proxy's internals leaks. */
    public static final String FAILURE_REASON = "the policy could not be evaluated; the call is denied to fail closed";

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

    /**
     * Decides a call and reserves its counters when allowed: the one evaluation {@link #explain} runs too, then its
     * claims reserved all-or-none. Never throws: a failure is a DENY (fail closed).
     */
    public Decision decide(ToolCall call) {
        return run(call, true);
    }

    /**
     * Decides a call a person has approved: evaluated again (a deny rule or a limit still refuses it: an approval is
     * no way around them), and when the rules ask for approval the approval stands in for it, so the call is allowed
     * and its counters reserved like any allowed call's. Never throws.
     */
    public Decision decideApproved(ToolCall call) {
        String tool = call == null ? null : call.tool();
        try {
            if (tool == null) {
                return failed(null, "the call names no tool");
            }
            Evaluation evaluation = Evaluator.evaluate(policy, call, store);
            Decision asked = evaluation.decision();
            if (asked.outcome() == Outcome.REQUIRE_APPROVAL) {
                evaluation = new Evaluation(new Decision(Outcome.ALLOW, tool, asked.rule(), asked.origin(),
                        "approved: " + asked.reason(), null, Reservation.NONE, null),
                        evaluation.claimingRules(), evaluation.claims());
            }
            return CounterClaims.reserve(evaluation, store);
        } catch (RuntimeException | StackOverflowError e) {
            return failed(tool, e.toString());
        }
    }

    /** The decision {@link #decide} would give: the same evaluation, its claims only checked; no counter changes. */
    public Decision explain(ToolCall call) {
        return run(call, false);
    }

    private Decision run(ToolCall call, boolean reserve) {
        String tool = call == null ? null : call.tool();
        try {
            if (tool == null) {
                return failed(null, "the call names no tool");
            }
            Evaluation evaluation = Evaluator.evaluate(policy, call, store);
            return reserve ? CounterClaims.reserve(evaluation, store) : CounterClaims.check(evaluation, store);
        } catch (RuntimeException | StackOverflowError e) {
            return failed(tool, e.toString());
        }
    }

    private static Decision failed(String tool, String failure) {
        return new Decision(Outcome.DENY, tool, FAILURE_RULE, RuleOrigin.PROXY, FAILURE_REASON, null, Reservation.NONE, failure);
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
