package dev.toolgate.policy.counter;

import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.model.Window;

import java.time.Instant;

/** The conformance suite on the in-memory store, its windows moved by a fake clock. */
class InMemoryCounterStoreConformanceTest extends CounterStoreConformance {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:30Z");

    @Override
    protected CounterStore store() {
        return new InMemoryCounterStore(clock);
    }

    @Override
    protected void passWindow(Window window, long start) {
        Instant end = Instant.ofEpochSecond(start + window.seconds());
        if (clock.instant().isBefore(end)) {
            clock.set(end.toString());
        }
    }
}
