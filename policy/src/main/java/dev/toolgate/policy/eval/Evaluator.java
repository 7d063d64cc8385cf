package dev.toolgate.policy.eval;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Condition;

/**
 * Decides one call against a compiled policy. The order (Intercept's, extended):
 * <ol>
 *   <li>a tool matched by {@code hide} is denied (rule {@code hide});</li>
 *   <li>under {@code default: deny} a tool no exact entry or glob (other than "*") lists is denied (rule {@code default}),
 *       before any wildcard rule;</li>
 *   <li>the rules of the exact entry, matching globs (document order) and "*" run in order: a deny rule denies,
 *       an evaluate rule whose argument condition fails denies, one whose counter condition fails rate-limits,
 *       a require_approval rule whose conditions all hold marks the call for approval;</li>
 *   <li>the counters of those rules are reserved in order, each within its limit; one over its limit rolls back
 *       the others and rate-limits the call;</li>
 *   <li>a call marked for approval needs approval (counters are checked, not reserved); otherwise it is allowed.</li>
 * </ol>
 * Pure apart from the counter store; {@code reserve = false} is the dry run.
 */
public final class Evaluator {
    private static final Ticket[] NO_TICKETS = new Ticket[0];

    private Evaluator() {
    }

    public static Decision evaluate(CompiledPolicy policy, ToolCall call, CounterStore store, boolean reserve) {
        String tool = call.tool();
        ToolPlan plan = policy.plan(tool);
        if (plan.hidden()) {
            return refuse(Outcome.DENY, tool, "hide", "tool \"" + tool + "\" is hidden by this policy", null);
        }
        if (policy.defaultDeny() && !plan.listed()) {
            return refuse(Outcome.DENY, tool, "default", "tool \"" + tool + "\" is not allowed by this policy (default: deny)", null);
        }
        CompiledRule approval = null;
        for (CompiledRule rule : plan.rules()) {
            switch (rule.action()) {
                case DENY -> {
                    return refuse(Outcome.DENY, tool, rule.name(), reason(rule, "tool \"" + tool + "\" is denied by rule \"" + rule.name() + "\""), null);
                }
                case EVALUATE -> {
                    Decision refused = checkConditions(rule, call, store);
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
        CompiledRule[] counting = plan.countingRules();
        Ticket[] tickets = NO_TICKETS;
        boolean take = reserve && approval == null;
        if (counting.length > 0) {
            if (take) {
                tickets = new Ticket[counting.length];
            }
            for (int i = 0; i < counting.length; i++) {
                CompiledRule rule = counting[i];
                CompiledCounter counter = rule.counter();
                long amount = counter.amount(call.arguments());
                if (amount < 0) {
                    rollback(store, tickets, i);
                    return refuse(Outcome.DENY, tool, rule.name(), "the call's " + counter.spec().incrementFrom()
                            + " must be a non-negative whole number, as rule \"" + rule.name() + "\" counts it", null);
                }
                CounterKey key = counter.key(call.caller());
                if (take) {
                    Ticket ticket = store.reserve(key, counter.window(), amount, rule.limit());
                    if (ticket == null) {
                        rollback(store, tickets, i);
                        return rateLimited(tool, rule, store);
                    }
                    tickets[i] = ticket;
                } else if (rule.hasLimit() && store.current(key, counter.window()) + amount > rule.limit()) {
                    return rateLimited(tool, rule, store);
                }
            }
        }
        if (approval != null) {
            return new Decision(Outcome.REQUIRE_APPROVAL, tool, approval.name(),
                    reason(approval, "calls to \"" + tool + "\" need a person's approval (rule \"" + approval.name() + "\")"), null, Reservation.NONE);
        }
        Reservation reservation = tickets.length == 0 ? Reservation.NONE : new TicketReservation(store, tickets);
        return new Decision(Outcome.ALLOW, tool, plan.allowRule(), plan.allowReason(), null, reservation);
    }

    private static void rollback(CounterStore store, Ticket[] tickets, int taken) {
        for (int j = 0; j < taken && j < tickets.length; j++) {
            if (tickets[j] != null) {
                store.rollback(tickets[j]);
            }
        }
    }

    /** Null when every condition holds; the refusal otherwise. */
    private static Decision checkConditions(CompiledRule rule, ToolCall call, CounterStore store) {
        for (ArgCondition condition : rule.args()) {
            if (!condition.test(call.arguments())) {
                return refuse(Outcome.DENY, call.tool(), rule.name(), reason(rule, "call to \"" + call.tool() + "\" refused by rule \""
                        + rule.name() + "\": " + describe(condition.source()) + " does not hold"), null);
            }
        }
        for (StateCondition condition : rule.states()) {
            CompiledCounter counter = condition.counter();
            long value = store.current(counter.key(call.caller()), counter.window());
            if (!condition.test(value)) {
                long retry = store.secondsUntilNextWindow(counter.window());
                return refuse(Outcome.RATE_LIMITED, call.tool(), rule.name(), reason(rule, "call to \"" + call.tool() + "\" refused by rule \""
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

    private static Decision rateLimited(String tool, CompiledRule rule, CounterStore store) {
        CompiledCounter counter = rule.counter();
        long retry = store.secondsUntilNextWindow(counter.window());
        return refuse(Outcome.RATE_LIMITED, tool, rule.name(), reason(rule, "rate limit of " + rule.limit() + " per "
                + counter.window().describe() + " (" + counter.scopeText() + ") reached for \"" + tool + "\" by rule \""
                + rule.name() + "\"; retry in " + retry + " s"), retry);
    }

    private static String describe(Condition condition) {
        return condition.path() + " " + condition.op().keyword() + " " + condition.value();
    }

    private static String reason(CompiledRule rule, String generated) {
        String reason = rule.source().reason();
        return reason == null || reason.isEmpty() ? generated : reason;
    }

    private static Decision refuse(Outcome outcome, String tool, String rule, String reason, Long retryAfter) {
        return new Decision(outcome, tool, rule, reason, retryAfter, Reservation.NONE);
    }
}
