package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The shared store with its failure mode: every call asks the shared store first; when it fails (down, too slow),
 * {@link FailureMode#CLOSED} fails the call's counters ({@link CounterStoreUnavailableException}: the engine refuses
 * the call with a fixed reason) and {@link FailureMode#LOCAL} counts it in this pod against {@code max ÷ replicas}
 * (rounded down, at least 1). The local counts are held under their own keys, so a rollback finds the store that
 * took the reservation. The first call that succeeds again ends the failure ({@link StoreHealth}).
 */
public final class FailoverCounterStore implements CounterStore {
    /** Prefix of the counter ids the local share is kept under (a policy counter id never starts with it). */
    static final String LOCAL_PREFIX = "local:";

    private final CounterStore shared;
    private final InMemoryCounterStore local;
    private final FailureMode mode;
    private final int replicas;
    private final StoreHealth health;

    public FailoverCounterStore(CounterStore shared, FailureMode mode, int replicas, StoreHealth health, Clock clock) {
        this.shared = shared;
        this.local = new InMemoryCounterStore(clock);
        this.mode = mode;
        this.replicas = replicas;
        this.health = health;
    }

    public StoreHealth health() {
        return health;
    }

    @Override
    public Clock clock() {
        return shared.clock();
    }

    @Override
    public boolean answersAtOnce() {
        return false;
    }

    @Override
    public CompletionStage<Integer> reserveAllAsync(CounterClaim[] claims, Ticket[] into) {
        return shared.reserveAllAsync(claims, into).handle((refused, failure) -> {
            if (failure == null) {
                health.succeeded();
                return refused;
            }
            health.failed(cause(failure));
            if (mode == FailureMode.CLOSED) {
                throw unavailable(failure);
            }
            return local.reserveAll(localShare(claims), into);
        });
    }

    @Override
    public CompletionStage<long[]> currentAllAsync(CounterKey[] keys, Window[] windows) {
        return shared.currentAllAsync(keys, windows).handle((values, failure) -> {
            if (failure == null) {
                health.succeeded();
                return values;
            }
            health.failed(cause(failure));
            if (mode == FailureMode.CLOSED) {
                throw unavailable(failure);
            }
            long[] localValues = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                localValues[i] = local.current(localKey(keys[i]), windows[i]);
            }
            return localValues;
        });
    }

    /** The claims as this pod counts them alone: its own keys, and its share of each limit. */
    private CounterClaim[] localShare(CounterClaim[] claims) {
        CounterClaim[] share = new CounterClaim[claims.length];
        for (int i = 0; i < claims.length; i++) {
            CounterClaim claim = claims[i];
            long limit = claim.limited() ? Math.max(1, claim.limit() / replicas) : claim.limit();
            share[i] = new CounterClaim(localKey(claim.key()), claim.window(), claim.amount(), limit);
        }
        return share;
    }

    private static CounterKey localKey(CounterKey key) {
        return new CounterKey(LOCAL_PREFIX + key.counter(), key.scope());
    }

    private static boolean isLocal(Ticket ticket) {
        return ticket.key().counter().startsWith(LOCAL_PREFIX);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static CounterStoreUnavailableException unavailable(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof CounterStoreUnavailableException unavailable ? unavailable
                : new CounterStoreUnavailableException("the counter store failed: " + cause, cause);
    }

    @Override
    public void commitAll(Ticket[] tickets) {
        // neither store does anything on commit: the reservation already counts
    }

    @Override
    public void rollbackAll(Ticket[] tickets) {
        List<Ticket> sharedTickets = new ArrayList<>(tickets.length);
        for (Ticket ticket : tickets) {
            if (isLocal(ticket)) {
                local.rollback(ticket);
            } else {
                sharedTickets.add(ticket);
            }
        }
        if (!sharedTickets.isEmpty()) {
            shared.rollbackAll(sharedTickets.toArray(Ticket[]::new));
        }
    }

    @Override
    public long current(CounterKey key, Window window) {
        return join(currentAllAsync(new CounterKey[]{key}, new Window[]{window}))[0];
    }

    @Override
    public Ticket reserve(CounterKey key, Window window, long amount, long limit) {
        Ticket[] into = new Ticket[1];
        return join(reserveAllAsync(new CounterClaim[]{new CounterClaim(key, window, amount, limit)}, into)) < 0 ? into[0] : null;
    }

    @Override
    public int reserveAll(CounterClaim[] claims, Ticket[] into) {
        return join(reserveAllAsync(claims, into));
    }

    /** Waits for the shared store, which bounds its own calls; for tools and tests, never on an event loop. */
    private static <T> T join(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void commit(Ticket ticket) {
        commitAll(new Ticket[]{ticket});
    }

    @Override
    public void rollback(Ticket ticket) {
        rollbackAll(new Ticket[]{ticket});
    }

}
