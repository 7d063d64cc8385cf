package dev.toolgate.policy;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store: atomic reserve within a limit, and no growth without bound. */
class InMemoryCounterStoreTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:30Z");
    private final InMemoryCounterStore store = new InMemoryCounterStore(clock);
    private final CounterKey key = new CounterKey("t.c", "team-a");

    @Test
    void reserveAddsWithinTheLimitAndRefusesBeyondIt() {
        assertThat(store.reserve(key, Window.MINUTE, 3, 5)).isEqualTo(new Ticket(key, clock.millis() / 1000 - 30, 3));
        assertThat(store.reserve(key, Window.MINUTE, 3, 5)).isNull();
        assertThat(store.current(key, Window.MINUTE)).isEqualTo(3);
        assertThat(store.reserve(key, Window.MINUTE, 2, 5)).isNotNull();
        assertThat(store.current(key, Window.MINUTE)).isEqualTo(5);
        assertThat(store.current(new CounterKey("t.c", "team-b"), Window.MINUTE)).isZero();
    }

    @Test
    void reserveAllTakesEveryClaimOrNone() throws Exception {
        CounterKey other = new CounterKey("t.d", "team-a");
        store.reserve(other, Window.MINUTE, 4, 5);
        Ticket[] tickets = new Ticket[2];

        int refused = store.reserveAll(new CounterClaim[]{new CounterClaim(key, Window.MINUTE, 1, 5),
                new CounterClaim(other, Window.MINUTE, 2, 5)}, tickets);

        assertThat(refused).as("the second claim is over its limit").isEqualTo(1);
        assertThat(store.current(key, Window.MINUTE)).as("the first was given back").isZero();
        assertThat(store.current(other, Window.MINUTE)).isEqualTo(4);
        assertThat(store.reserveAllAsync(new CounterClaim[]{new CounterClaim(key, Window.MINUTE, 1, 5)}, tickets)
                .toCompletableFuture().get()).isEqualTo(-1);
        assertThat(tickets[0]).isEqualTo(new Ticket(key, clock.millis() / 1000 - 30, 1));
    }

    @Test
    void rollbackOnlyAffectsItsOwnWindow() {
        Ticket ticket = store.reserve(key, Window.MINUTE, 1, 10);
        store.rollback(ticket);
        assertThat(store.current(key, Window.MINUTE)).isZero();
        Ticket old = store.reserve(key, Window.MINUTE, 1, 10);
        clock.advance(Duration.ofMinutes(1));
        store.reserve(key, Window.MINUTE, 1, 10);
        store.rollback(old);
        assertThat(store.current(key, Window.MINUTE)).isEqualTo(1);
    }

    @Test
    void endedWindowsAreSweptSoTheStoreDoesNotGrowWithoutBound() {
        for (int i = 0; i < 1000; i++) {
            store.reserve(new CounterKey("t.c", "session-" + i), Window.MINUTE, 1, 10);
        }
        store.reserve(new CounterKey("t.daily", ""), Window.DAY, 1, 10);
        assertThat(store.size()).isEqualTo(1001);
        store.sweepNow();
        assertThat(store.size()).isEqualTo(1001);
        // after the sweep interval, the next reservation sweeps the ended minute windows; the day window stays
        clock.advance(Duration.ofSeconds(InMemoryCounterStore.SWEEP_INTERVAL_SECONDS));
        store.reserve(new CounterKey("t.c", "new"), Window.MINUTE, 1, 10);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.current(new CounterKey("t.daily", ""), Window.DAY)).isEqualTo(1);
    }

    @Test
    void secondsUntilNextWindowRoundsUp() {
        assertThat(store.secondsUntilNextWindow(Window.MINUTE)).isEqualTo(30);
        clock.advance(Duration.ofMillis(29_001));
        assertThat(store.secondsUntilNextWindow(Window.MINUTE)).isEqualTo(1);
        assertThat(store.secondsUntilNextWindow(Window.HOUR)).isEqualTo(3600 - 59);
    }
}
