package dev.toolgate.policy.eval;

import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The counter values one evaluation reads, fetched from a remote store before it runs: evaluation reads counters
 * synchronously ({@code when:} conditions, checked claims), which a remote store cannot answer without waiting. A read
 * of a value not fetched yet answers 0 and is noted; {@link #fetchMissed} then reads every noted one in one round
 * trip, and the evaluation runs again on the fetched values, until it reads nothing new. Evaluation is pure, so the
 * last run is the decision on the values read. Used by one decision on one thread; never reserves.
 */
final class PrefetchedReads implements CounterStore {
    private final CounterStore store;
    private final Map<CounterKey, Long> values = new HashMap<>();
    private final List<CounterKey> missedKeys = new ArrayList<>();
    private final List<Window> missedWindows = new ArrayList<>();

    PrefetchedReads(CounterStore store) {
        this.store = store;
    }

    @Override
    public Clock clock() {
        return store.clock();
    }

    @Override
    public long current(CounterKey key, Window window) {
        Long value = values.get(key);
        if (value != null) {
            return value;
        }
        if (!missedKeys.contains(key)) {
            missedKeys.add(key);
            missedWindows.add(window);
        }
        return 0;
    }

    /** True when the last evaluation read a value not fetched yet. */
    boolean missed() {
        return !missedKeys.isEmpty();
    }

    /** Reads every missed value from the store; completes when they are in. */
    CompletionStage<Void> fetchMissed() {
        CounterKey[] keys = missedKeys.toArray(CounterKey[]::new);
        Window[] windows = missedWindows.toArray(Window[]::new);
        missedKeys.clear();
        missedWindows.clear();
        return store.currentAllAsync(keys, windows).thenAccept(read -> {
            for (int i = 0; i < keys.length; i++) {
                values.put(keys[i], read[i]);
            }
        });
    }

    @Override
    public Ticket reserve(CounterKey key, Window window, long amount, long limit) {
        throw new UnsupportedOperationException("evaluation only reads counters");
    }

    @Override
    public void commit(Ticket ticket) {
        throw new UnsupportedOperationException("evaluation only reads counters");
    }

    @Override
    public void rollback(Ticket ticket) {
        throw new UnsupportedOperationException("evaluation only reads counters");
    }
}
