package dev.toolgate.policy.counter;

import dev.toolgate.policy.model.Window;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counters in memory, one lock per counter instance: calls on different counters (or the same counter for
 * different grants, identities or sessions) never wait for each other. Counters whose window has ended are
 * swept out at most once per {@link #SWEEP_INTERVAL_SECONDS}, by whichever call notices first, so the map
 * holds only live windows.
 */
public final class InMemoryCounterStore implements CounterStore {
    /** How often ended windows are swept. */
    public static final long SWEEP_INTERVAL_SECONDS = 60;

    private final Clock clock;
    private final ConcurrentHashMap<CounterKey, Cell> cells = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long nextSweep;

    public InMemoryCounterStore(Clock clock) {
        this.clock = clock;
        this.nextSweep = now() + SWEEP_INTERVAL_SECONDS;
    }

    /** One counter instance: the window it counts in and its value there. Guarded by its own monitor. */
    private static final class Cell {
        long windowStart;
        long windowEnd;
        long value;
        boolean removed;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    private long now() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    @Override
    public long current(CounterKey key, Window window) {
        Cell cell = cells.get(key);
        if (cell == null) {
            return 0;
        }
        long start = window.start(now());
        synchronized (cell) {
            return !cell.removed && cell.windowStart == start ? cell.value : 0;
        }
    }

    @Override
    public Ticket reserve(CounterKey key, Window window, long amount, long limit) {
        long now = now();
        if (now >= nextSweep) {
            sweep(now);
        }
        long start = window.start(now);
        while (true) {
            Cell cell = cells.get(key);
            if (cell == null) {
                cell = cells.computeIfAbsent(key, k -> new Cell());
            }
            synchronized (cell) {
                if (cell.removed) {
                    continue; // swept between lookup and lock: take the fresh cell
                }
                if (cell.windowStart != start || cell.windowEnd == 0) {
                    cell.windowStart = start;
                    cell.value = 0;
                }
                // set every time: a swapped policy may have changed the window's length
                cell.windowEnd = start + window.seconds();
                long next = cell.value + amount;
                if (next < cell.value || next > limit) {
                    return null;
                }
                cell.value = next;
                return new Ticket(key, start, amount);
            }
        }
    }

    @Override
    public void commit(Ticket ticket) {
        // in memory the reserved amount is already counted
    }

    @Override
    public void rollback(Ticket ticket) {
        Cell cell = cells.get(ticket.key());
        if (cell == null) {
            return;
        }
        synchronized (cell) {
            if (!cell.removed && cell.windowStart == ticket.windowStart()) {
                cell.value = Math.max(0, cell.value - ticket.amount());
            }
        }
    }

    /** Number of counter instances held (live windows, plus ended ones not yet swept). */
    public int size() {
        return cells.size();
    }

    /** Removes counters whose window ended; runs on one thread at a time. */
    void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            nextSweep = now + SWEEP_INTERVAL_SECONDS;
            for (Map.Entry<CounterKey, Cell> entry : cells.entrySet()) {
                Cell cell = entry.getValue();
                synchronized (cell) {
                    if (cell.windowEnd <= now) {
                        cell.removed = true;
                        cells.remove(entry.getKey(), cell);
                    }
                }
            }
        } finally {
            sweeping.set(false);
        }
    }

    /** Sweeps now, whatever the interval (for tests and operators' tools). */
    public void sweepNow() {
        sweep(now());
    }
}
