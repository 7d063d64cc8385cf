package dev.toolgate.policy;

import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.eval.CounterClaims;
import dev.toolgate.policy.eval.Evaluation;
import dev.toolgate.policy.eval.Evaluator;
import dev.toolgate.policy.eval.RemoteDecision;
import dev.toolgate.policy.eval.ToolPlan;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.risk.Classification;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
    /** The rule of a call denied because the counters it needs live in a store that could not answer. */
    public static final String STORE_UNAVAILABLE_RULE = "toolgate/limit-store-unavailable";
    /** What the agent reads then: fixed, the cause goes to the audit log. */
    public static final String STORE_UNAVAILABLE_REASON =
            "the store holding this tool's limits is unavailable; the call is denied to fail closed";

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
     * {@link #decide} without waiting on the calling thread: completed at once on a store that
     * {@link CounterStore#answersAtOnce answers at once}, else when a remote store has answered (reads, then one
     * reservation). Never completes exceptionally: a failed store is a DENY by {@value #STORE_UNAVAILABLE_RULE}, any
     * other failure one by {@value #FAILURE_RULE}.
     */
    public CompletionStage<Decision> decideAsync(ToolCall call) {
        if (store.answersAtOnce()) {
            return CompletableFuture.completedFuture(decide(call));
        }
        String tool = call == null ? null : call.tool();
        CompletionStage<Decision> decided;
        try {
            decided = tool == null ? CompletableFuture.completedFuture(failed(null, "the call names no tool"))
                    : RemoteDecision.decide(policy, call, store);
        } catch (RuntimeException | StackOverflowError e) {
            decided = CompletableFuture.failedFuture(e);
        }
        return decided.handle((decision, error) -> error == null ? decision : failedBy(tool, error));
    }

    private static Decision failedBy(String tool, Throwable error) {
        Throwable cause = CounterStoreUnavailableException.cause(error);
        if (cause instanceof CounterStoreUnavailableException) {
            return new Decision(Outcome.DENY, tool, STORE_UNAVAILABLE_RULE, RuleOrigin.PROXY, STORE_UNAVAILABLE_REASON,
                    null, Reservation.NONE, cause.getMessage());
        }
        return failed(tool, cause.toString());
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
            return CounterClaims.reserve(approved(Evaluator.evaluate(policy, call, store)), store);
        } catch (RuntimeException | StackOverflowError e) {
            return failedBy(tool, e);
        }
    }

    /**
     * {@link #decideApproved} without waiting on the calling thread, as {@link #decideAsync} is to {@link #decide}:
     * completed at once on a store that answers at once, else when a remote store has answered. Never completes
     * exceptionally: a failed store is a DENY by {@value #STORE_UNAVAILABLE_RULE} (fail closed: an approved call never
     * runs without its counters), any other failure one by {@value #FAILURE_RULE}.
     */
    public CompletionStage<Decision> decideApprovedAsync(ToolCall call) {
        if (store.answersAtOnce()) {
            return CompletableFuture.completedFuture(decideApproved(call));
        }
        String tool = call == null ? null : call.tool();
        CompletionStage<Decision> decided;
        try {
            decided = tool == null ? CompletableFuture.completedFuture(failed(null, "the call names no tool"))
                    : RemoteDecision.decide(policy, call, store, PolicyEngine::approved);
        } catch (RuntimeException | StackOverflowError e) {
            decided = CompletableFuture.failedFuture(e);
        }
        return decided.handle((decision, error) -> error == null ? decision : failedBy(tool, error));
    }

    /** The approval stands in for the rules' {@code require_approval}: that call is allowed, its claims kept. */
    private static Evaluation approved(Evaluation evaluation) {
        Decision asked = evaluation.decision();
        if (asked.outcome() != Outcome.REQUIRE_APPROVAL) {
            return evaluation;
        }
        return new Evaluation(new Decision(Outcome.ALLOW, asked.tool(), asked.rule(), asked.origin(),
                "approved: " + asked.reason(), null, Reservation.NONE, null).withAdmittedBy(asked.admittedBy()),
                evaluation.claimingRules(), evaluation.claims());
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
            return failedBy(tool, e);
        }
    }

    private static Decision failed(String tool, String failure) {
        return new Decision(Outcome.DENY, tool, FAILURE_RULE, RuleOrigin.PROXY, FAILURE_REASON, null, Reservation.NONE, failure);
    }

    /**
     * False for a tool no caller can ever call (hidden, denied outright, unlisted under default deny). It does not ask
     * the policy's {@code grants:}; {@link #mayList(String, Caller)} does.
     */
    public boolean mayList(String tool) {
        return mayList(tool, (Classification) null);
    }

    /** {@link #mayList(String)} for a tool of a known classification (null: not known, read as the worst case). */
    public boolean mayList(String tool, Classification classification) {
        try {
            return mayList(policy, tool, classification);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** False for a tool this caller can never call: as {@link #mayList(String)}, and not granted to the caller. */
    public boolean mayList(String tool, Caller caller) {
        return mayList(tool, caller, null);
    }

    /** {@link #mayList(String, Caller)} for a tool of a known classification (null: read as the worst case). */
    public boolean mayList(String tool, Caller caller, Classification classification) {
        try {
            CompiledPolicy current = policy;
            return mayList(current, tool, classification) && current.grants().admits(caller, tool);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean mayList(CompiledPolicy current, String tool, Classification classification) {
        ToolPlan plan = current.plan(tool, classification);
        return !plan.hidden() && !plan.deniedOutright() && (plan.listed() || !current.defaultDeny());
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
