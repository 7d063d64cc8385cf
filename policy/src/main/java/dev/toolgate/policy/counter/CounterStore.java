package dev.toolgate.policy.counter;

import dev.toolgate.policy.model.Window;

import java.time.Clock;

/**
 * Where counters live. Reserving is atomic per counter: the amount is added only when the result stays
 * within the limit. Implementations must not serialize unrelated counters and must forget windows that have
 * ended. All times come from {@link #clock()}.
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

    /** The call succeeded: the reservation stands. */
    void commit(Ticket ticket);

    /** The call failed: the amount is given back, if its window is still the current one. */
    void rollback(Ticket ticket);

    /** Seconds until the current window of this length ends (at least 1). */
    default long secondsUntilNextWindow(Window window) {
        long nowMillis = clock().millis();
        long second = Math.floorDiv(nowMillis, 1000L);
        long endMillis = (window.start(second) + window.seconds()) * 1000L;
        return Math.max(1, (endMillis - nowMillis + 999) / 1000);
    }
}
