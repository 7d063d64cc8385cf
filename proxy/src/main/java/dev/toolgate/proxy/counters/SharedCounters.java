package dev.toolgate.proxy.counters;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;

import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The shared counters of one proxy: its Redis connection and the store the policy engine counts in (Redis with the
 * failure mode in front). Closing it closes the connection; the event loops stay the proxy's.
 */
public record SharedCounters(RedisLink link, FailoverCounterStore store) implements AutoCloseable {
    /** How long the proxy's start waits for Redis before serving anyway (calls needing counters then fail over). */
    static final Duration START_WAIT = Duration.ofSeconds(3);

    /** Connects on the proxy's event loops; waits up to {@link #START_WAIT}, then keeps trying in the background. */
    public static SharedCounters open(RedisSettings settings, EventLoopGroup loops, Clock clock, MeterRegistry registry) {
        RedisLink link = RedisLink.open(settings, loops);
        if (!link.awaitConnected(START_WAIT)) {
            LoggerFactory.getLogger(SharedCounters.class).warn("Redis is not reachable yet; serving, and calls that need a "
                    + "counter follow the failure mode ({}) until it is", settings.failureMode().text());
        }
        RedisCounterStore redis = new RedisCounterStore(link, settings.keyTag(), clock, settings.timeout());
        StoreHealth health = new StoreHealth(registry, settings.failureMode());
        return new SharedCounters(link, new FailoverCounterStore(redis, settings.failureMode(), settings.replicas(), health, clock,
                settings.timeout().multipliedBy(2)));
    }

    public StoreHealth health() {
        return store.health();
    }

    @Override
    public void close() {
        link.close();
    }
}
