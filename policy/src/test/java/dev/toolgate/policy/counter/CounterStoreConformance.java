package dev.toolgate.policy.counter;

import dev.toolgate.policy.model.Window;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link CounterStore} must do, run against each (in memory, Redis): windows, scopes, all-or-none
 * reservation, rollback within the reserved window only, atomicity under concurrency. Stores answer through the
 * asynchronous methods the proxy uses. A subclass gives the store and a way past a window's end: a fake clock moved
 * for the in-memory store, the store's own clock waited for with a one-second window for a remote one (the tests
 * never depend on which side of a boundary a call lands, only on the windows the tickets report).
 */
public abstract class CounterStoreConformance {
    /** A window no test run crosses: about ten years, aligned to the epoch (the next boundary is in 2030). */
    protected static final Window LONG = new Window(315_360_000L);

    /** The store under test, empty. */
    protected abstract CounterStore store();

    /** Returns once the store's clock is past the end of the window of {@code window} starting at {@code start}. */
    protected abstract void passWindow(Window window, long start) throws Exception;

    /** A counter name no other test (or earlier run on a shared store) uses. */
    protected String counter(String name) {
        return "conformance." + name;
    }

    private static CounterClaim claim(CounterKey key, Window window, long amount, long limit) {
        return new CounterClaim(key, window, amount, limit);
    }

    private static int reserve(CounterStore store, Ticket[] into, CounterClaim... claims) throws Exception {
        return store.reserveAllAsync(claims, into).toCompletableFuture().get();
    }

    private static Ticket reserveOne(CounterStore store, CounterKey key, Window window, long amount, long limit) throws Exception {
        Ticket[] into = new Ticket[1];
        return reserve(store, into, claim(key, window, amount, limit)) < 0 ? into[0] : null;
    }

    private static long read(CounterStore store, CounterKey key, Window window) throws Exception {
        return store.currentAllAsync(new CounterKey[]{key}, new Window[]{window}).toCompletableFuture().get()[0];
    }

    @Test
    void reservesWithinTheLimitAndRefusesBeyondIt() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("limit"), "team-a");
        assertThat(reserveOne(store, key, LONG, 3, 5)).isNotNull();
        assertThat(reserveOne(store, key, LONG, 3, 5)).isNull();
        assertThat(read(store, key, LONG)).isEqualTo(3);
        Ticket last = reserveOne(store, key, LONG, 2, 5);
        assertThat(last.amount()).isEqualTo(2);
        assertThat(last.key()).isEqualTo(key);
        assertThat(read(store, key, LONG)).isEqualTo(5);
    }

    @Test
    void scopesCountApart() throws Exception {
        CounterStore store = store();
        CounterKey a = new CounterKey(counter("scopes"), "team-a");
        CounterKey b = new CounterKey(counter("scopes"), "team-b");
        CounterKey global = new CounterKey(counter("scopes"), "");
        assertThat(reserveOne(store, a, LONG, 1, 1)).isNotNull();
        assertThat(reserveOne(store, b, LONG, 1, 1)).isNotNull();
        assertThat(reserveOne(store, global, LONG, 1, 1)).isNotNull();
        assertThat(reserveOne(store, a, LONG, 1, 1)).isNull();
        assertThat(store.currentAllAsync(new CounterKey[]{a, b, global, new CounterKey(counter("scopes"), "team-c")},
                new Window[]{LONG, LONG, LONG, LONG}).toCompletableFuture().get()).containsExactly(1, 1, 1, 0);
    }

    @Test
    void reservesEveryClaimOrNone() throws Exception {
        CounterStore store = store();
        CounterKey first = new CounterKey(counter("all-first"), "");
        CounterKey second = new CounterKey(counter("all-second"), "");
        assertThat(reserveOne(store, second, LONG, 4, 5)).isNotNull();
        Ticket[] tickets = new Ticket[2];

        int refused = reserve(store, tickets, claim(first, LONG, 1, 5), claim(second, LONG, 2, 5));

        assertThat(refused).as("the second claim is over its limit").isEqualTo(1);
        assertThat(read(store, first, LONG)).as("the first was not taken").isZero();
        assertThat(read(store, second, LONG)).isEqualTo(4);
        assertThat(reserve(store, tickets, claim(first, LONG, 1, 5), claim(second, LONG, 1, 5))).isEqualTo(-1);
        assertThat(tickets).extracting(Ticket::key).containsExactly(first, second);
        assertThat(read(store, second, LONG)).isEqualTo(5);
    }

    @Test
    void twoClaimsOnOneCounterCountTogether() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("twice"), "");
        Ticket[] tickets = new Ticket[2];
        assertThat(reserve(store, tickets, claim(key, LONG, 2, 3), claim(key, LONG, 2, 3))).isEqualTo(1);
        assertThat(read(store, key, LONG)).isZero();
        assertThat(reserve(store, tickets, claim(key, LONG, 1, 3), claim(key, LONG, 2, 3))).isEqualTo(-1);
        assertThat(read(store, key, LONG)).isEqualTo(3);
    }

    @Test
    void unlimitedClaimsAreCountedOnly() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("unlimited"), "");
        for (int i = 0; i < 3; i++) {
            assertThat(reserveOne(store, key, LONG, 1_000_000, Long.MAX_VALUE)).isNotNull();
        }
        assertThat(read(store, key, LONG)).isEqualTo(3_000_000);
    }

    @Test
    void windowsAreAlignedToTheEpoch() throws Exception {
        CounterStore store = store();
        for (Window window : List.of(Window.MINUTE, Window.HOUR, Window.DAY, new Window(90), LONG)) {
            Ticket ticket = reserveOne(store, new CounterKey(counter("aligned-" + window.seconds()), ""), window, 1, 10);
            assertThat(ticket.windowStart() % window.seconds()).as(window.describe()).isZero();
        }
    }

    @Test
    void aNewWindowStartsFromZero() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("new-window"), "");
        Ticket first = reserveOne(store, key, Window.SECOND, 1, 1);
        Ticket again = reserveOne(store, key, Window.SECOND, 1, 1);
        // refused within the window; granted only when the store's clock crossed into the next one meanwhile
        assertThat(again == null || again.windowStart() > first.windowStart()).isTrue();
        passWindow(Window.SECOND, again == null ? first.windowStart() : again.windowStart());
        Ticket next = reserveOne(store, key, Window.SECOND, 1, 1);
        assertThat(next).isNotNull();
        assertThat(next.windowStart()).isGreaterThan(first.windowStart());
    }

    @Test
    void rollbackGivesBackWithinItsWindowOnly() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("rollback"), "");
        Ticket ticket = reserveOne(store, key, LONG, 2, 10);
        store.rollbackAll(new Ticket[]{ticket});
        assertThat(read(store, key, LONG)).isZero();

        Ticket current = reserveOne(store, key, LONG, 1, 10);
        // a ticket of the window before: its window ended, so giving it back must not touch the current one
        Ticket ended = new Ticket(key, current.windowStart() - LONG.seconds(), 1);
        store.rollbackAll(new Ticket[]{ended});
        assertThat(read(store, key, LONG)).isEqualTo(1);
    }

    @Test
    void commitKeepsTheCountAndRollingBackTwiceChangesNothingMore() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("commit"), "");
        Ticket committed = reserveOne(store, key, LONG, 1, 10);
        store.commitAll(new Ticket[]{committed});
        Ticket rolled = reserveOne(store, key, LONG, 1, 10);
        store.rollbackAll(new Ticket[]{rolled});
        assertThat(read(store, key, LONG)).isEqualTo(1);
    }

    @Test
    void concurrentReservationsNeverPassTheLimit() throws Exception {
        CounterStore store = store();
        CounterKey key = new CounterKey(counter("concurrent"), "");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Ticket>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Callable<Ticket> task = () -> reserveOne(store, key, LONG, 1, 50);
                results.add(pool.submit(task));
            }
            int granted = 0;
            for (Future<Ticket> result : results) {
                granted += result.get() == null ? 0 : 1;
            }
            assertThat(granted).isEqualTo(50);
            assertThat(read(store, key, LONG)).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
