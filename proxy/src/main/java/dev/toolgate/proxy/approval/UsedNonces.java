package dev.toolgate.proxy.approval;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The nonces of {@code requestState}s already presented, each kept until its state expires (after that the state is
 * refused as expired anyway). Bounded: at the cap, expired ones are dropped; when none can go, a new one is refused
 * (fail closed: a state that cannot be remembered as used is not accepted).
 */
final class UsedNonces {
    private final Map<String, Instant> used = new HashMap<>();
    private final int max;

    UsedNonces(int max) {
        this.max = max;
    }

    /** Marks the nonce used: the result says whether it was new, already used, or could not be remembered. */
    synchronized Use use(String nonce, Instant expiresAt, Instant now) {
        if (used.containsKey(nonce)) {
            return Use.REUSED;
        }
        if (used.size() >= max) {
            used.values().removeIf(expiry -> !now.isBefore(expiry));
            if (used.size() >= max) {
                return Use.FULL;
            }
        }
        used.put(nonce, expiresAt);
        return Use.FIRST;
    }

    enum Use { FIRST, REUSED, FULL }
}
