package dev.toolgate.policy.eval;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.RuleOrigin;

/**
 * Evaluates one call against a compiled policy. The order (Intercept's, extended):
 * <ol>
 *   <li>a tool matched by {@code hide} is denied (rule {@code hide});</li>
 *   <li>under {@code default: deny} a tool no exact entry or glob (other than "*") lists is denied (rule {@code default}),
 *       before any wildcard rule;</li>
 *   <li>with a {@code grants:} section, a call no entry matching the caller admits is denied (rule {@code grants}); the
 *       entries that admit it add their limits, and a grant that admitted it keys {@code scope: grant} counters
 *       ({@link GrantTable});</li>
 *   <li>the rules of the exact entry, matching globs (document order) and "*" run in order: a deny rule denies,
 *       an evaluate rule whose argument condition fails denies, one whose counter condition fails rate-limits,
 *       a require_approval rule whose conditions all hold marks the call for approval;</li>
 *   <li>the counters of those rules become claims (an amount that is not a non-negative whole number denies);</li>
 *   <li>a call marked for approval needs approval; otherwise it is allowed.</li>
 * </ol>
 * Pure: the store is only read (counter conditions). Checking or reserving the claims, where a counter over its limit
 * rate-limits the call, is the separate step {@link CounterClaims}, so {@code explain} and the proxy share this
 * evaluation and any {@link CounterStore} can hold the counters.
 */
public final class Evaluator {
    private static final CounterClaim[] NO_CLAIMS = new CounterClaim[0];
    private static final CompiledRule[] NO_RULES = new CompiledRule[0];

    private Evaluator() {
    }

    public static Evaluation evaluate(CompiledPolicy policy, ToolCall call, CounterStore store) {
        String tool = call.tool();
        ToolPlan plan = policy.plan(tool, call.classification());
        if (plan.hidden()) {
            return refuse(Outcome.DENY, tool, "hide", RuleOrigin.DOCUMENT, "tool \"" + tool + "\" is hidden by this policy", null);
        }
        if (policy.defaultDeny() && !plan.listed()) {
            return refuse(Outcome.DENY, tool, "default", RuleOrigin.DOCUMENT, "tool \"" + tool + "\" is not allowed by this policy (default: deny)", null);
        }
        Admission admission = policy.grants().admit(call.caller(), tool);
        if (admission.refused()) {
            return refuse(Outcome.DENY, tool, Admission.RULE, RuleOrigin.DOCUMENT, Admission.refusal(call), null);
        }
        Evaluation evaluation = evaluateRules(plan, admission.callFor(call), store, admission.limits());
        return admission.subject() == null ? evaluation : new Evaluation(
                evaluation.decision().withAdmittedBy(admission.subject()), evaluation.claimingRules(), evaluation.claims());
    }

    /** Steps 4 to 7 for a call the grants admitted (or a policy without grants): rules, claims, approval. */
    private static Evaluation evaluateRules(ToolPlan plan, ToolCall call, CounterStore store, CompiledRule[] grantLimits) {
        String tool = call.tool();
        CompiledRule approval = null;
        for (CompiledRule rule : plan.rules()) {
            switch (rule.action()) {
                case DENY -> {
                    return refuse(Outcome.DENY, tool, rule, reason(rule, "tool \"" + tool + "\" is denied by rule \"" + rule.name() + "\""), null);
                }
                case EVALUATE -> {
                    Evaluation refused = checkConditions(rule, call, store);
                    if (refused != null) {
                        return refused;
                    }
                }
                case REQUIRE_APPROVAL -> {
                    if (approval == null && conditionsHold(rule, call, store)) {
                        approval = rule;
                    }
                }
            }
        }
        CompiledRule[] counting = withLimits(plan.countingRules(), grantLimits);
        CounterClaim[] claims = counting.length == 0 ? NO_CLAIMS : new CounterClaim[counting.length];
        for (int i = 0; i < counting.length; i++) {
            CompiledRule rule = counting[i];
            CompiledCounter counter = rule.counter();
            long amount = counter.amount(call.arguments());
            if (amount < 0) {
                return refuse(Outcome.DENY, tool, rule, "the call's " + counter.spec().incrementFrom()
                        + " must be a non-negative whole number, as rule \"" + rule.name() + "\" counts it", null);
            }
            claims[i] = new CounterClaim(counter.key(call.caller()), counter.window(), amount, rule.limit());
        }
        Decision decision = approval != null
                ? new Decision(Outcome.REQUIRE_APPROVAL, tool, approval.name(), approval.source().origin(),
                        reason(approval, "calls to \"" + tool + "\" need a person's approval (rule \"" + approval.name() + "\")"),
                        null, Reservation.NONE, null)
                : new Decision(Outcome.ALLOW, tool, plan.allowRule(), plan.allowOrigin(), plan.allowReason(), null,
                        Reservation.NONE, null);
        return new Evaluation(decision, counting, claims);
    }

    /** The tool's counting rules, then the limits of the grants entries that admitted the call: reserved together. */
    private static CompiledRule[] withLimits(CompiledRule[] tool, CompiledRule[] grant) {
        if (grant.length == 0) {
            return tool;
        }
        CompiledRule[] all = java.util.Arrays.copyOf(tool, tool.length + grant.length);
        System.arraycopy(grant, 0, all, tool.length, grant.length);
        return all;
    }

    /** Null when every condition holds; the refusal otherwise. */
    private static Evaluation checkConditions(CompiledRule rule, ToolCall call, CounterStore store) {
        for (ArgCondition condition : rule.args()) {
            if (!condition.test(call.arguments())) {
                return refuse(Outcome.DENY, call.tool(), rule, reason(rule, "call to \"" + call.tool() + "\" refused by rule \""
                        + rule.name() + "\": " + describe(condition.source()) + " does not hold"), null);
            }
        }
        for (StateCondition condition : rule.states()) {
            CompiledCounter counter = condition.counter();
            long value = store.current(counter.key(call.caller()), counter.window());
            if (!condition.test(value)) {
                long retry = store.secondsUntilNextWindow(counter.window());
                return refuse(Outcome.RATE_LIMITED, call.tool(), rule, reason(rule, "call to \"" + call.tool() + "\" refused by rule \""
                        + rule.name() + "\": counter " + condition.source().path() + " is " + value + ", and "
                        + describe(condition.source()) + " does not hold; retry in " + retry + " s"), retry);
            }
        }
        return null;
    }

    private static boolean conditionsHold(CompiledRule rule, ToolCall call, CounterStore store) {
        for (ArgCondition condition : rule.args()) {
            if (!condition.test(call.arguments())) {
                return false;
            }
        }
        for (StateCondition condition : rule.states()) {
            CompiledCounter counter = condition.counter();
            if (!condition.test(store.current(counter.key(call.caller()), counter.window()))) {
                return false;
            }
        }
        return true;
    }

    /** The refusal of a call whose claim on {@code rule}'s counter is over its limit. */
    static Decision rateLimited(String tool, CompiledRule rule, CounterStore store) {
        CompiledCounter counter = rule.counter();
        long retry = store.secondsUntilNextWindow(counter.window());
        return refuse(Outcome.RATE_LIMITED, tool, rule, reason(rule, "rate limit of " + rule.limit() + " per "
                + counter.window().describe() + " (" + counter.scopeText() + ") reached for \"" + tool + "\" by rule \""
                + rule.name() + "\"; retry in " + retry + " s"), retry).decision();
    }

    private static String describe(Condition condition) {
        return condition.path() + " " + condition.op().keyword() + " " + condition.value();
    }

    private static String reason(CompiledRule rule, String generated) {
        String reason = rule.source().reason();
        return reason == null || reason.isEmpty() ? generated : reason;
    }

    private static Evaluation refuse(Outcome outcome, String tool, CompiledRule rule, String reason, Long retryAfter) {
        return refuse(outcome, tool, rule.name(), rule.source().origin(), reason, retryAfter);
    }

    private static Evaluation refuse(Outcome outcome, String tool, String rule, RuleOrigin origin, String reason,
                                     Long retryAfter) {
        return new Evaluation(new Decision(outcome, tool, rule, origin, reason, retryAfter, Reservation.NONE, null),
                NO_RULES, NO_CLAIMS);
    }
}
