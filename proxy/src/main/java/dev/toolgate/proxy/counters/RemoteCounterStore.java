package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A store that answers asynchronously: the synchronous methods wait for the asynchronous ones, at most
 * {@code wait}. For tools and tests, never for an event loop (whose thread may be the one that reads the answer).
 */
abstract class RemoteCounterStore implements CounterStore {
    private final Duration wait;

    RemoteCounterStore(Duration wait) {
        this.wait = wait;
    }

    @Override
    public final boolean answersAtOnce() {
        return false;
    }

    @Override
    public final long current(CounterKey key, Window window) {
        return await(currentAllAsync(new CounterKey[]{key}, new Window[]{window}))[0];
    }

    @Override
    public final Ticket reserve(CounterKey key, Window window, long amount, long limit) {
        Ticket[] into = new Ticket[1];
        return await(reserveAllAsync(new CounterClaim[]{new CounterClaim(key, window, amount, limit)}, into)) < 0 ? into[0] : null;
    }

    @Override
    public final int reserveAll(CounterClaim[] claims, Ticket[] into) {
        return await(reserveAllAsync(claims, into));
    }

    @Override
    public final void commit(Ticket ticket) {
        commitAll(new Ticket[]{ticket});
    }

    @Override
    public final void rollback(Ticket ticket) {
        rollbackAll(new Ticket[]{ticket});
    }

    private <T> T await(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw CounterStoreUnavailableException.of("the counter store failed", e.getCause());
        } catch (TimeoutException e) {
            throw new CounterStoreUnavailableException("the counter store did not answer within " + wait.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CounterStoreUnavailableException("interrupted waiting for the counter store", e);
        }
    }
}
