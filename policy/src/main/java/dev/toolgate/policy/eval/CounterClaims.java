package dev.toolgate.policy.eval;

import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.Ticket;

import java.util.concurrent.CompletionStage;

/**
 * The step after evaluation: an evaluation's counter claims checked against the store ({@code explain}, and calls
 * needing approval, which are not counted) or reserved in it all-or-none (an allowed call). A claim over its limit
 * turns the decision into {@link Outcome#RATE_LIMITED} by the rule that made it.
 */
public final class CounterClaims {
    private CounterClaims() {
    }

    /** The decision, rate-limited if a claim would exceed its limit now; nothing changes in the store. */
    public static Decision check(Evaluation evaluation, CounterStore store) {
        CounterClaim[] claims = evaluation.claims();
        for (int i = 0; i < claims.length; i++) {
            CounterClaim claim = claims[i];
            if (claim.limited() && store.current(claim.key(), claim.window()) + claim.amount() > claim.limit()) {
                return Evaluator.rateLimited(evaluation.decision().tool(), evaluation.claimingRules()[i], store)
                        .withAdmittedBy(evaluation.decision().admittedBy());
            }
        }
        return evaluation.decision();
    }

    /**
     * An allowed call's decision holding its reserved claims, or rate-limited when one is over its limit (then
     * nothing is reserved). Any other decision is only {@link #check checked}.
     */
    public static Decision reserve(Evaluation evaluation, CounterStore store) {
        Decision decision = evaluation.decision();
        CounterClaim[] claims = evaluation.claims();
        if (decision.outcome() != Outcome.ALLOW) {
            return check(evaluation, store);
        }
        if (claims.length == 0) {
            return decision;
        }
        Ticket[] tickets = new Ticket[claims.length];
        int refused = store.reserveAll(claims, tickets);
        if (refused >= 0) {
            return Evaluator.rateLimited(decision.tool(), evaluation.claimingRules()[refused], store)
                    .withAdmittedBy(decision.admittedBy());
        }
        return decision.withReservation(new TicketReservation(store, tickets));
    }

    /**
     * {@link #reserve} of an allowed call with claims, on the store's asynchronous path (one round trip to a remote
     * store); completed exceptionally when the store failed.
     */
    public static CompletionStage<Decision> reserveAsync(Evaluation evaluation, CounterStore store) {
        Decision decision = evaluation.decision();
        CounterClaim[] claims = evaluation.claims();
        Ticket[] tickets = new Ticket[claims.length];
        return store.reserveAllAsync(claims, tickets).thenApply(refused -> refused >= 0
                ? Evaluator.rateLimited(decision.tool(), evaluation.claimingRules()[refused], store)
                        .withAdmittedBy(decision.admittedBy())
                : decision.withReservation(new TicketReservation(store, tickets)));
    }
}
