package dev.toolgate.proxy.identity;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where a verifier's blocking work runs (a JWK Set fetch, a call to the API server): two daemon threads of its own,
 * never an event loop, with a bounded queue. A token that finds the queue full is refused as {@link Challenge#BUSY}
 * (503, retry) rather than queued without bound.
 */
final class VerifierPool implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifierPool.class);
    private final ThreadPoolExecutor pool;

    VerifierPool(String threadName, int queue) {
        // two threads: one slow call does not hold up every other token
        this.pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@code check(token)} on the pool; refused at once when too much is waiting. */
    CompletionStage<Verdict> verify(String token, Function<String, Verdict> check) {
        try {
            return CompletableFuture.supplyAsync(() -> check.apply(token), pool);
        } catch (RejectedExecutionException e) {
            LOG.warn("token {} refused: too many tokens waiting to be verified", TokenRefs.of(token));
            return CompletableFuture.completedFuture(new Verdict.Refused(Challenge.BUSY));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
