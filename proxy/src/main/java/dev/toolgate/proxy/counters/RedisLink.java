package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's connections to Redis: one per event loop ({@link RedisLane}), so a command sent by an exchange goes out
 * and comes back on the exchange's own loop. Callers on no event loop (tools, tests, benchmarks) all use the first
 * lane, so their commands keep the order they were sent in. Every command is bounded by the settings' timeout; while
 * a connection is down its commands fail at once instead of queueing (the failure mode decides), and it comes back by
 * itself: Lettuce reconnects a connection that dropped, and a first connection that failed is tried again every
 * {@link #RETRY}.
 */
public final class RedisLink implements AutoCloseable {
    /** Pause between attempts at the first connection, and Lettuce's reconnect delay. */
    static final Duration RETRY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final List<RedisLane> lanes;
    /** Command timeouts of every lane (one thread, as one Lettuce client had). */
    private final HashedWheelTimer timer;

    private RedisLink(List<RedisLane> lanes, HashedWheelTimer timer) {
        this.lanes = lanes;
        this.timer = timer;
    }

    /** Starts connecting, one connection on each of {@code loops} (in the background: the proxy starts whether Redis is up or not). */
    public static RedisLink open(RedisSettings settings, EventLoopGroup loops) {
        RedisURI uri = RedisURI.create(settings.url());
        if (settings.password() != null) {
            uri.setAuthentication(settings.password());
        }
        uri.setTimeout(settings.timeout());
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build());
        if (settings.caFile() != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(settings.caFile().toFile()).build());
        }
        ClientOptions built = options.build();
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("redis-timeouts", true));
        List<RedisLane> lanes = new ArrayList<>();
        for (EventExecutor executor : loops) {
            lanes.add(RedisLane.open(uri, built, (EventLoop) executor, timer));
        }
        CompletableFuture.allOf(lanes.stream().map(RedisLane::firstConnection).toArray(CompletableFuture[]::new))
                .thenRun(() -> LOG.info("connected to Redis at {} ({} connections, one per event loop)", uri.getHost(), lanes.size()));
        return new RedisLink(List.copyOf(lanes), timer);
    }

    /**
     * Waits up to {@code wait} for the first connection of every lane (on the starting thread, never an event loop),
     * so a proxy that starts beside a healthy Redis does not refuse its first calls; true when all are connected.
     */
    public boolean awaitConnected(Duration wait) {
        try {
            CompletableFuture.allOf(lanes.stream().map(RedisLane::firstConnection).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once every lane's first connection is made and open (one may be down again later; its commands then fail). */
    public boolean connected() {
        return lanes.stream().allMatch(RedisLane::connected);
    }

    /** The lane on the calling thread's event loop; the first lane for a thread that is none of them. */
    private RedisLane lane() {
        for (RedisLane lane : lanes) {
            if (lane.isCurrentLoop()) {
                return lane;
            }
        }
        return lanes.get(0);
    }

    /**
     * Runs a script by its SHA-1, sending its text when the server does not know it yet ({@code NOSCRIPT}). Completes
     * with the script's reply, or exceptionally with a {@link CounterStoreUnavailableException}; when called on one of
     * the proxy's event loops, it completes on that loop.
     */
    CompletionStage<Object> eval(RedisScript script, String[] keys, String[] args) {
        return lane().eval(script, keys, args);
    }

    @Override
    public void close() {
        lanes.forEach(RedisLane::close);
        timer.stop();
    }
}
