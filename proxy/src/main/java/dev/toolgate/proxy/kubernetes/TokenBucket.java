package dev.toolgate.proxy.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits how often the event worker writes to the API server: {@code burst} writes at once, then
 * {@code perSecond} a second. Used by one thread only (the worker), so it is not synchronized.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perSecond;
    private final int burst;
    private final Clock clock;
    private double tokens;
    private Instant refilledAt;

    TokenBucket(double perSecond, int burst, Clock clock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("need perSecond > 0 and burst >= 1, got " + perSecond + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.refilledAt = clock.instant();
    }

    /** Takes a token if one is available. */
    boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token, zero when one is available now. */
    Duration untilNextToken() {
        refill();
        if (tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND));
    }

    private void refill() {
        Instant now = clock.instant();
        long elapsed = Duration.between(refilledAt, now).toNanos();
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
    }
}
