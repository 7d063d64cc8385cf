package dev.toolgate.proxy.counters;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoop;
import io.netty.util.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One connection to Redis whose channel lives on one of the proxy's event loops, and stays there across reconnects
 * (its client knows no other loop). A command sent from that loop is written at once and its answer is read on that
 * loop, so an exchange waiting for Redis resumes on its own thread: no task handed to another loop to write the
 * command, none handed back with the answer, and no sleeping thread woken for either.
 */
final class RedisLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLane.class);

    private final EventLoop loop;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;
    /** Attempts at the first connection that failed; touched by one attempt at a time. */
    private volatile int failedAttempts;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

    private RedisLane(EventLoop loop, ClientResources resources, RedisClient client, RedisURI uri) {
        this.loop = loop;
        this.resources = resources;
        this.client = client;
        this.uri = uri;
    }

    /**
     * Starts connecting on {@code loop} (in the background).
     *
     * @param timer the link's command-timeout timer, shared by its lanes (one thread for all of them)
     */
    static RedisLane open(RedisURI uri, ClientOptions options, EventLoop loop, Timer timer) {
        ClientResources resources = ClientResources.builder()
                .eventLoopGroupProvider(new SharedEventLoops(loop))
                .eventExecutorGroup(loop)
                .timer(timer)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.constant(RedisLink.RETRY))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options);
        RedisLane lane = new RedisLane(loop, resources, client, uri);
        lane.connect();
        return lane;
    }

    /** True when the calling thread is this lane's event loop. */
    boolean isCurrentLoop() {
        return loop.inEventLoop();
    }

    /** The connection, or null before the first one was made. */
    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    CompletableFuture<Void> firstConnection() {
        return firstConnection;
    }

    boolean connected() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    private void connect() {
        if (closed) {
            return;
        }
        client.connectAsync(StringCodec.UTF8, uri).thenCompose(this::loadScripts).whenComplete((connected, failure) -> {
            if (failure == null) {
                if (closed) {
                    connected.closeAsync();
                } else {
                    connection = connected;
                    firstConnection.complete(null);
                    LOG.debug("connected to Redis at {} on {}", uri.getHost(), loop);
                }
            } else if (!closed) {
                // once at WARN; the retries every RETRY would flood the log while Redis is away
                if (failedAttempts++ == 0) {
                    LOG.warn("cannot connect to Redis at {} ({}); trying again every {} ms", uri.getHost(), failure.getMessage(),
                            RedisLink.RETRY.toMillis());
                } else {
                    LOG.debug("still cannot connect to Redis at {}: {}", uri.getHost(), failure.getMessage());
                }
                loop.schedule(this::connect, RedisLink.RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Loads the scripts before the connection is used, so that {@code EVALSHA} finds them: a fallback to {@code EVAL}
     * on {@code NOSCRIPT} (after a server restart or flush) runs after commands sent meanwhile, which would reorder a
     * rollback and a read of the same counter.
     */
    private CompletionStage<StatefulRedisConnection<String, String>> loadScripts(StatefulRedisConnection<String, String> connected) {
        RedisAsyncCommands<String, String> commands = connected.async();
        CompletableFuture<?>[] loads = Stream.of(RedisScript.RESERVE, RedisScript.ROLLBACK, RedisScript.READ)
                .map(script -> commands.scriptLoad(script.text()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(loads).thenApply(loaded -> connected).whenComplete((ignored, failure) -> {
            if (failure != null) {
                connected.closeAsync();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // resources given to a client are the caller's to shut down; the loop and the shared timer stay theirs
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
