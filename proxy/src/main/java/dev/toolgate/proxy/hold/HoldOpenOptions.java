package dev.toolgate.proxy.hold;

import dev.toolgate.contract.KubernetesServe;

import java.time.Duration;

/**
 * How calls waiting for approval are held open.
 *
 * @param maxWait            how long a call is held at most ({@link Duration#ZERO}: never held, the default); at most
 *                           {@link #MAX_WAIT}, and never past its approval's expiry
 * @param keepAliveEvery     how often a held stream gets a keep-alive (an SSE comment, and a progress notification when
 *                           the request asked for progress)
 * @param maxHeld            calls held at once on this proxy; past that a call gets the pending answer at once
 * @param maxHeldPerIdentity calls one identity may have held at once: one agent cannot take every place
 */
public record HoldOpenOptions(Duration maxWait, Duration keepAliveEvery, int maxHeld, int maxHeldPerIdentity) {
    /** The longest hold: an hour. A person who takes longer is answered by the agent's retry. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(KubernetesServe.MAX_APPROVAL_HOLD_OPEN_SECONDS);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_HELD = 256;
    public static final int DEFAULT_MAX_HELD_PER_IDENTITY = 8;
    /** Calls are answered at once, as without hold-open. */
    public static final HoldOpenOptions OFF = new HoldOpenOptions(Duration.ZERO, DEFAULT_KEEP_ALIVE, DEFAULT_MAX_HELD,
            DEFAULT_MAX_HELD_PER_IDENTITY);

    public HoldOpenOptions {
        if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("a call is held open 0 to " + MAX_WAIT.toSeconds() + " seconds");
        }
        if (keepAliveEvery.toMillis() < 10 || maxHeld < 1 || maxHeldPerIdentity < 1) {
            throw new IllegalArgumentException("the keep-alive period and the held-call caps must be positive");
        }
    }

    /** Held up to {@code maxWait}, with the default keep-alive period and caps. */
    public static HoldOpenOptions upTo(Duration maxWait) {
        return new HoldOpenOptions(maxWait, DEFAULT_KEEP_ALIVE, DEFAULT_MAX_HELD, DEFAULT_MAX_HELD_PER_IDENTITY);
    }

    public boolean enabled() {
        return !maxWait.isZero();
    }

    public HoldOpenOptions withKeepAliveEvery(Duration every) {
        return new HoldOpenOptions(maxWait, every, maxHeld, maxHeldPerIdentity);
    }

    public HoldOpenOptions withCaps(int held, int heldPerIdentity) {
        return new HoldOpenOptions(maxWait, keepAliveEvery, held, heldPerIdentity);
    }
}
