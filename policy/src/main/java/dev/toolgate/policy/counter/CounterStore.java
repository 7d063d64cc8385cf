package dev.toolgate.policy.counter;

import dev.toolgate.policy.model.Window;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where counters live. Reserving is atomic per counter: the amount is added only when the result stays
 * within the limit. Implementations must not serialize unrelated counters and must forget windows that have
 * ended. All times come from {@link #clock()}.
 *
 * <p>Evaluation only reads ({@link #current}); an allowed call's {@link CounterClaim claims} are then reserved
 * all-or-none with {@link #reserveAll}, and each ticket later committed or rolled back. A remote store (Redis)
 * overrides {@link #reserveAllAsync} with one atomic round trip and answers the synchronous methods by waiting on
 * it; the in-memory store keeps the synchronous path, which allocates nothing for the asynchronous one.
 */
public interface CounterStore {
    /** The clock that places calls in windows. */
    Clock clock();

    /** The counter's value in the current window (0 when it has none); changes nothing. */
    long current(CounterKey key, Window window);

    /**
     * Adds {@code amount} to the counter in the current window if the result is at most {@code limit}.
     *
     * @return the ticket to commit or roll back, or null when the limit would be exceeded (nothing changed)
     */
    Ticket reserve(CounterKey key, Window window, long amount, long limit);

    /**
     * Reserves every claim within its limit, or none: a claim over its limit gives back the ones already taken.
     *
     * @param into receives the tickets, in claim order (at least {@code claims.length} long)
     * @return -1 when every claim was reserved, else the index of the first claim over its limit (nothing reserved)
     */
    default int reserveAll(CounterClaim[] claims, Ticket[] into) {
        for (int i = 0; i < claims.length; i++) {
            CounterClaim claim = claims[i];
            Ticket ticket = reserve(claim.key(), claim.window(), claim.amount(), claim.limit());
            if (ticket == null) {
                for (int j = 0; j < i; j++) {
                    rollback(into[j]);
                    into[j] = null;
                }
                return i;
            }
            into[i] = ticket;
        }
        return -1;
    }

    /** {@link #reserveAll}, completed when the store has answered; a remote store overrides this. */
    default CompletionStage<Integer> reserveAllAsync(CounterClaim[] claims, Ticket[] into) {
        return CompletableFuture.completedFuture(reserveAll(claims, into));
    }

    /** The call succeeded: the reservation stands. */
    void commit(Ticket ticket);

    /** The call failed: the amount is given back, if its window is still the current one. */
    void rollback(Ticket ticket);

    /** {@link #commit} of every ticket of one call; a remote store does it in one round trip (or none). */
    default void commitAll(Ticket[] tickets) {
        for (Ticket ticket : tickets) {
            commit(ticket);
        }
    }

    /** {@link #rollback} of every ticket of one call; a remote store does it in one round trip. */
    default void rollbackAll(Ticket[] tickets) {
        for (Ticket ticket : tickets) {
            rollback(ticket);
        }
    }

    /**
     * True when the synchronous methods answer at once (in memory). A remote store answers false: callers on an event
     * loop must then use the asynchronous methods ({@link #reserveAllAsync}, {@link #currentAllAsync}), since waiting
     * there could wait for the very loop that reads the store's answer.
     */
    default boolean answersAtOnce() {
        return true;
    }

    /** {@link #current} of each key in its window ({@code keys[i]} in {@code windows[i]}), completed when read. */
    default CompletionStage<long[]> currentAllAsync(CounterKey[] keys, Window[] windows) {
        long[] values = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = current(keys[i], windows[i]);
        }
        return CompletableFuture.completedFuture(values);
    }

    /** Seconds until the current window of this length ends (at least 1). */
    default long secondsUntilNextWindow(Window window) {
        long nowMillis = clock().millis();
        long second = Math.floorDiv(nowMillis, 1000L);
        long endMillis = (window.start(second) + window.seconds()) * 1000L;
        return Math.max(1, (endMillis - nowMillis + 999) / 1000);
    }
}
