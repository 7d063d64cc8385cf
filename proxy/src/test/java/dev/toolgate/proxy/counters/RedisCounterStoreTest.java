package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;
import dev.toolgate.proxy.transport.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Redis store does beyond the conformance suite, on a real {@code redis-server}: each event loop's calls are
 * answered on that loop (its own connection), and a counter instance expires when its window ends.
 */
class RedisCounterStoreTest {
    private static RedisServer redis;
    private static EventLoopGroup loops;
    private RedisLink link;
    private RedisCounterStore store;
    private String tag;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        loops = Transport.best().group(2, "test-redis-lanes");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        redis.close();
    }

    private void open() {
        tag = "lanes-" + UUID.randomUUID();
        RedisSettings settings = new RedisSettings(redis.url(), null, null, Duration.ofSeconds(2), FailureMode.CLOSED, 1, tag);
        link = RedisLink.open(settings, loops);
        assertThat(link.awaitConnected(Duration.ofSeconds(10))).isTrue();
        store = new RedisCounterStore(link, tag, Clock.systemUTC(), settings.timeout());
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    private static CounterClaim[] claim(String scope) {
        return new CounterClaim[]{new CounterClaim(new CounterKey("calls", scope), Window.DAY, 1, 1_000_000)};
    }

    @Test
    void aCallOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
        open();
        for (int round = 0; round < 3; round++) {
            for (EventExecutor loop : loops) {
                CompletableFuture<Thread[]> threads = new CompletableFuture<>();
                loop.execute(() -> {
                    Thread caller = Thread.currentThread();
                    store.reserveAllAsync(claim("team-a"), new Ticket[1])
                            .whenComplete((refused, failure) -> threads.complete(new Thread[]{caller, Thread.currentThread()}));
                });
                Thread[] callerAndAnswer = threads.get(5, TimeUnit.SECONDS);
                assertThat(callerAndAnswer[1]).as("the thread the answer arrived on").isSameAs(callerAndAnswer[0]);
            }
        }
        assertThat(store.current(new CounterKey("calls", "team-a"), Window.DAY)).isEqualTo(6);
    }

    @Test
    void anInstanceExpiresOneSecondAfterItsWindowEndsAndLaterCallsKeepThatExpiry() throws Exception {
        open();
        CounterKey key = new CounterKey("calls", "team-b");
        String name = new RedisKeys(tag).key(key);
        Ticket first = store.reserve(key, Window.DAY, 1, 1_000_000);
        long expected = first.windowStart() + Window.DAY.seconds() + 1;
        assertThat(expireTime(name)).isEqualTo(expected);

        Ticket second = store.reserve(key, Window.DAY, 1, 1_000_000);
        store.rollback(second);
        store.reserve(key, Window.DAY, 1, 1_000_000);
        assertThat(expireTime(name)).isEqualTo(expected);
        assertThat(store.current(key, Window.DAY)).isEqualTo(2);
    }

    private static long expireTime(String key) throws Exception {
        // ":<seconds>\r\n"
        return Long.parseLong(redis.command("EXPIRETIME", key).strip().substring(1));
    }

    @Test
    void scopesSharingAMemoSlotKeepKeysOfTheirOwn() {
        RedisKeys memoized = new RedisKeys("memo");
        Set<String> names = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 2_000; i++) {
                CounterKey key = new CounterKey("calls", "scope-" + i);
                String name = memoized.key(key);
                assertThat(name).isEqualTo(new RedisKeys("memo").key(key));
                names.add(name);
            }
        }
        assertThat(names).hasSize(2_000);
    }
}
