package dev.toolgate.policy.counter;

/**
 * One granted reservation: {@code amount} added to {@code key} in the window starting at {@code windowStart}.
 * Rolling it back after its window has ended changes nothing (the counter already restarted).
 */
public record Ticket(CounterKey key, long windowStart, long amount) {
}
