package dev.toolgate.proxy.hold;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The places for calls held open, counted in all and per identity; thread-safe (one lock, a map of at most
 * {@code maxHeld} identities). A held call takes a place when it starts holding and gives it back once, however its
 * hold ends.
 */
public final class HeldCalls {
    private final int max;
    private final int maxPerIdentity;
    private final Map<String, Integer> byIdentity = new HashMap<>();
    private int held;

    public HeldCalls(int max, int maxPerIdentity, MeterRegistry registry) {
        this.max = max;
        this.maxPerIdentity = maxPerIdentity;
        Gauge.builder("toolgate.approvals.held", this, HeldCalls::held)
                .description("Calls held open while they wait for a person's approval").register(registry);
    }

    /** A place for a call of {@code identity}, or empty when every place, or every one of its own, is taken. */
    public synchronized Optional<Place> take(String identity) {
        int own = byIdentity.getOrDefault(identity, 0);
        if (held >= max || own >= maxPerIdentity) {
            return Optional.empty();
        }
        held++;
        byIdentity.put(identity, own + 1);
        return Optional.of(new Place(identity));
    }

    public synchronized int held() {
        return held;
    }

    private synchronized void giveBack(String identity) {
        held--;
        byIdentity.computeIfPresent(identity, (key, count) -> count == 1 ? null : count - 1);
    }

    /** One taken place; {@link #close} gives it back, once. */
    public final class Place implements AutoCloseable {
        private final String identity;
        private boolean returned;

        private Place(String identity) {
            this.identity = identity;
        }

        @Override
        public void close() {
            synchronized (HeldCalls.this) {
                if (returned) {
                    return;
                }
                returned = true;
                giveBack(identity);
            }
        }
    }
}
