package dev.toolgate.bench.counters;

import dev.toolgate.policy.counter.CounterClaim;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;
import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisCounterStore;
import dev.toolgate.proxy.counters.RedisLink;
import dev.toolgate.proxy.counters.RedisSettings;
import dev.toolgate.proxy.transport.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decisions per second of the counter stores: one reservation (all-or-none over its claims) per operation, against a
 * {@code redis-server} the benchmark starts on loopback (no persistence) and, for scale, in memory. {@code oneCounter}
 * and {@code fourCounters} wait for each answer (one call at a time: the round trip); {@code pipelined} keeps 32
 * reservations in flight, sent from this thread (off the loops: each command is flushed at once, on the first
 * loop's connection); {@code pipelinedOnLoops} sends them from the two event loops, 16 each, as the proxy's exchanges
 * do under load (each loop's connection, the commands of one turn flushed in one write). Limits are never reached,
 * so every operation writes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CounterStoreBenchmark {
    private static final Window WINDOW = Window.DAY;
    private static final int IN_FLIGHT = 32;

    private LocalRedis redis;
    private EventLoopGroup loops;
    private RedisLink link;
    private CounterStore store;
    private CounterStore memory;
    private final CounterClaim[] one = claims(1);
    private final CounterClaim[] four = claims(4);

    private static CounterClaim[] claims(int count) {
        CounterClaim[] claims = new CounterClaim[count];
        for (int i = 0; i < count; i++) {
            claims[i] = new CounterClaim(new CounterKey("bench.c" + i, i % 2 == 0 ? "" : "team-a"), WINDOW, 1, Long.MAX_VALUE - 1);
        }
        return claims;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        redis = LocalRedis.start();
        // two loops, as the proxy has on two cores: one Redis connection each
        loops = Transport.best().group(2, "bench-redis");
        RedisSettings settings = new RedisSettings(redis.url(), null, null, Duration.ofSeconds(1), FailureMode.CLOSED, 1, "bench");
        link = RedisLink.open(settings, loops);
        if (!link.awaitConnected(Duration.ofSeconds(10))) {
            throw new IllegalStateException("no connection to " + redis.url());
        }
        store = new RedisCounterStore(link, settings.keyTag(), Clock.systemUTC(), settings.timeout());
        memory = new InMemoryCounterStore(Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        link.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        redis.close();
    }

    @Benchmark
    public int redisOneCounter() {
        return store.reserveAllAsync(one, new Ticket[1]).toCompletableFuture().join();
    }

    @Benchmark
    public int redisFourCounters() {
        return store.reserveAllAsync(four, new Ticket[4]).toCompletableFuture().join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int redisPipelined() {
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight[i] = store.reserveAllAsync(one, new Ticket[1]).toCompletableFuture();
        }
        CompletableFuture.allOf(inFlight).join();
        return inFlight.length;
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int redisPipelinedOnLoops() {
        List<CompletableFuture<Integer>> inFlight = new ArrayList<>(IN_FLIGHT);
        for (EventExecutor loop : loops) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            loop.execute(() -> {
                for (int i = 0; i < IN_FLIGHT / 2; i++) {
                    inFlight.add(store.reserveAllAsync(one, new Ticket[1]).toCompletableFuture());
                }
                sent.complete(null);
            });
            sent.join();
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        return inFlight.size();
    }

    @Benchmark
    public int memoryOneCounter() {
        return memory.reserveAll(one, new Ticket[1]);
    }
}
