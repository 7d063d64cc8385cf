package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.CounterStoreConformance;
import dev.toolgate.policy.model.Window;
import dev.toolgate.proxy.transport.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The conformance suite on a real Redis: windows by the server's {@code TIME} (a test needing the next window waits
 * for the server's clock to get there), every store under a key tag of its own.
 */
class RedisCounterStoreConformanceTest extends CounterStoreConformance {
    private static RedisServer redis;
    private static EventLoopGroup loops;
    private final List<RedisLink> links = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        loops = Transport.best().group(2, "test-redis");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        redis.close();
    }

    @AfterEach
    void closeLinks() {
        links.forEach(RedisLink::close);
    }

    @Override
    protected CounterStore store() {
        RedisSettings settings = new RedisSettings(redis.url(), null, null, java.time.Duration.ofSeconds(2),
                FailureMode.CLOSED, 1, "conformance-" + UUID.randomUUID());
        RedisLink link = RedisLink.open(settings, loops);
        links.add(link);
        awaitConnected(link);
        return new RedisCounterStore(link, settings.keyTag(), Clock.systemUTC(), settings.timeout());
    }

    static void awaitConnected(RedisLink link) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!link.connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no connection to Redis");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    protected void passWindow(Window window, long start) throws Exception {
        while (redis.time() < start + window.seconds()) {
            Thread.sleep(10);
        }
    }
}
