package dev.toolgate.policy.eval;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.counter.CounterStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * One decision against a remote counter store, without waiting on a thread: the counters the evaluation reads are
 * fetched first ({@link PrefetchedReads}, one round trip per round of newly read values), then an allowed call's
 * claims are reserved all-or-none in one more round trip. Completes exceptionally when the store failed; the engine
 * turns that into a denial.
 */
public final class RemoteDecision {
    /**
     * Rounds of reads one evaluation may need: each round reads at least one counter not read before, and a rule
     * reads few, so more means something is wrong; the call is then denied rather than looping.
     */
    static final int MAX_READ_ROUNDS = 8;

    private RemoteDecision() {
    }

    public static CompletionStage<Decision> decide(CompiledPolicy policy, ToolCall call, CounterStore store) {
        return decide(policy, call, store, UnaryOperator.identity());
    }

    /**
     * {@link #decide} with each evaluation passed through {@code settle} before its claims are checked or reserved: a
     * call a person approved has its {@code require_approval} turned into an allow there, so its claims are reserved.
     */
    public static CompletionStage<Decision> decide(CompiledPolicy policy, ToolCall call, CounterStore store,
                                                   UnaryOperator<Evaluation> settle) {
        return evaluate(policy, call, store, new PrefetchedReads(store), 0, settle);
    }

    private static CompletionStage<Decision> evaluate(CompiledPolicy policy, ToolCall call, CounterStore store,
                                                      PrefetchedReads reads, int round, UnaryOperator<Evaluation> settle) {
        Evaluation evaluation = settle.apply(Evaluator.evaluate(policy, call, reads));
        boolean reserving = evaluation.decision().outcome() == Outcome.ALLOW && evaluation.claims().length > 0;
        Decision checked = reserving ? null : CounterClaims.check(evaluation, reads);
        if (reads.missed()) {
            if (round >= MAX_READ_ROUNDS) {
                throw new IllegalStateException("evaluation kept reading new counters after " + round + " rounds");
            }
            return reads.fetchMissed().thenCompose(read -> evaluate(policy, call, store, reads, round + 1, settle));
        }
        return reserving ? CounterClaims.reserveAsync(evaluation, store) : CompletableFuture.completedFuture(checked);
    }
}
