package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The shared store with its failure mode: every call asks the shared store first; when it fails (down, too slow),
 * {@link FailureMode#CLOSED} fails the call's counters ({@link CounterStoreUnavailableException}: the engine refuses
 * the call with a fixed reason) and {@link FailureMode#LOCAL} counts it in this pod against {@code max ÷ replicas}
 * (rounded down, at least 1). The local counts are held under their own keys, so a rollback finds the store that
 * took the reservation. The first call that succeeds again ends the failure ({@link StoreHealth}).
 */
public final class FailoverCounterStore extends RemoteCounterStore {
    /** Prefix of the counter ids the local share is kept under (a policy counter id never starts with it). */
    static final String LOCAL_PREFIX = "local:";

    private final CounterStore shared;
    private final InMemoryCounterStore local;
    private final FailureMode mode;
    private final int replicas;
    private final StoreHealth health;

    /** @param wait how long the synchronous methods wait for the shared store (tools and tests only) */
    public FailoverCounterStore(CounterStore shared, FailureMode mode, int replicas, StoreHealth health, Clock clock,
                                Duration wait) {
        super(wait);
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
    public CompletionStage<Integer> reserveAllAsync(CounterClaim[] claims, Ticket[] into) {
        return failingOver(shared.reserveAllAsync(claims, into), () -> local.reserveAll(localShare(claims), into));
    }

    @Override
    public CompletionStage<long[]> currentAllAsync(CounterKey[] keys, Window[] windows) {
        return failingOver(shared.currentAllAsync(keys, windows), () -> {
            long[] localValues = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                localValues[i] = local.current(localKey(keys[i]), windows[i]);
            }
            return localValues;
        });
    }

    /** The shared store's answer; when it failed, the failure mode's: an exception (closed) or {@code local}'s. */
    private <T> CompletionStage<T> failingOver(CompletionStage<T> answer, Supplier<T> locally) {
        return answer.handle((value, failure) -> {
            if (failure == null) {
                health.succeeded();
                return value;
            }
            health.failed(CounterStoreUnavailableException.cause(failure));
            if (mode == FailureMode.CLOSED) {
                throw CounterStoreUnavailableException.of("the counter store failed", failure);
            }
            return locally.get();
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
}
