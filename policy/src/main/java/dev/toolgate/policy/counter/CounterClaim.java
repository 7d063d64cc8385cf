package dev.toolgate.policy.counter;

import dev.toolgate.policy.model.Window;

/**
 * What an allowed call needs from one counter: {@code amount} added to {@code key} in its current {@code window},
 * only if the result stays at most {@code limit} ({@link Long#MAX_VALUE}: no limit, the call is only counted).
 */
public record CounterClaim(CounterKey key, Window window, long amount, long limit) {
    public boolean limited() {
        return limit != Long.MAX_VALUE;
    }
}
