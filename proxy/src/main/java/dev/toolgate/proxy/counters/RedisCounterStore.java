package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Counters in Redis (or Valkey), shared by every replica of a proxy and kept across restarts. One instance of a
 * counter is one hash ({@code w}: its window start, {@code v}: its value) that expires when its window ends. Each
 * decision is one script run ({@code reserve.lua}): every claim checked, then all written or none, on the server's
 * clock ({@code TIME}), so replicas with skewed clocks agree on windows. A rollback is one more run; a commit costs
 * nothing, since the reservation already counts. Reads for {@code when:} conditions are one run ({@code read.lua}).
 *
 * <p>The proxy uses the asynchronous methods. The synchronous ones wait for the answer and are for tools and tests,
 * never for an event loop (whose thread may be the one that reads the answer).
 */
public final class RedisCounterStore extends RemoteCounterStore {
    /** The limit sent for a claim that is only counted. */
    private static final String NO_LIMIT = "-1";
    private static final Logger LOG = LoggerFactory.getLogger(RedisCounterStore.class);

    private final RedisLink link;
    private final RedisKeys keys;
    private final Clock clock;

    /**
     * @param clock   only for retry hints ({@link #secondsUntilNextWindow}); windows follow the server's clock
     * @param timeout how long the synchronous methods wait (the link bounds every command too)
     */
    public RedisCounterStore(RedisLink link, String keyTag, Clock clock, Duration timeout) {
        super(timeout.multipliedBy(2));
        this.link = link;
        this.keys = new RedisKeys(keyTag);
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public CompletionStage<Integer> reserveAllAsync(CounterClaim[] claims, Ticket[] into) {
        String[] names = new String[claims.length];
        String[] args = new String[claims.length * 3];
        for (int i = 0; i < claims.length; i++) {
            CounterClaim claim = claims[i];
            names[i] = keys.key(claim.key());
            args[3 * i] = Long.toString(claim.window().seconds());
            args[3 * i + 1] = Long.toString(claim.amount());
            args[3 * i + 2] = claim.limited() ? Long.toString(claim.limit()) : NO_LIMIT;
        }
        return link.eval(RedisScript.RESERVE, names, args).thenApply(reply -> {
            List<?> answer = (List<?>) reply;
            if (number(answer, 0) == 0) {
                return (int) number(answer, 1);
            }
            for (int i = 0; i < claims.length; i++) {
                into[i] = new Ticket(claims[i].key(), number(answer, i + 2), claims[i].amount());
            }
            return -1;
        });
    }

    @Override
    public CompletionStage<long[]> currentAllAsync(CounterKey[] counters, Window[] windows) {
        String[] names = new String[counters.length];
        String[] args = new String[counters.length];
        for (int i = 0; i < counters.length; i++) {
            names[i] = keys.key(counters[i]);
            args[i] = Long.toString(windows[i].seconds());
        }
        return link.eval(RedisScript.READ, names, args).thenApply(reply -> {
            List<?> answer = (List<?>) reply;
            long[] values = new long[counters.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = number(answer, i);
            }
            return values;
        });
    }

    private static long number(List<?> answer, int index) {
        if (index >= answer.size() || !(answer.get(index) instanceof Long value)) {
            throw new CounterStoreUnavailableException("Redis answered a counter script with " + answer, null);
        }
        return value;
    }

    @Override
    public void commitAll(Ticket[] tickets) {
        // the reservation already counts
    }

    @Override
    public void rollbackAll(Ticket[] tickets) {
        if (tickets.length == 0) {
            return;
        }
        String[] names = new String[tickets.length];
        String[] args = new String[tickets.length * 2];
        for (int i = 0; i < tickets.length; i++) {
            names[i] = keys.key(tickets[i].key());
            args[2 * i] = Long.toString(tickets[i].windowStart());
            args[2 * i + 1] = Long.toString(tickets[i].amount());
        }
        // a rollback that fails leaves the call counted: the limit errs on the closed side
        link.eval(RedisScript.ROLLBACK, names, args).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("a reservation could not be given back, the call stays counted: {}", failure.getMessage());
            }
        });
    }
}
