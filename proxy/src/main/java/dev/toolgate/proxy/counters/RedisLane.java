package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One connection to Redis whose channel lives on one of the proxy's event loops, and stays there across reconnects
 * (its client knows no other loop). A command sent from that loop is written by that loop and its answer is read on
 * it, so an exchange waiting for Redis resumes on its own thread: no task handed to another loop to write the
 * command, none handed back with the answer, and no sleeping thread woken for either.
 *
 * <p>Commands are not flushed one by one: the commands the loop's exchanges send in one turn of the loop leave in
 * one write at the end of that turn (a task queued on the loop runs after its I/O), and Redis reads and answers them
 * as one pipeline. Under load that saves a system call per command on both sides; for a single call it costs
 * nothing, as the flush runs in the same turn. A caller on no event loop (tools, tests) is flushed at once.
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
    /** True while a flush is queued on the loop; touched on the loop only. */
    private boolean flushQueued;
    private final Runnable flush = this::flush;

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

    /**
     * Runs a script by its SHA-1, sending its text when the server does not know it yet ({@code NOSCRIPT}). Completes
     * with the script's reply, or exceptionally with a {@link CounterStoreUnavailableException}.
     */
    CompletionStage<Object> eval(RedisScript script, String[] keys, String[] args) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            return CompletableFuture.failedFuture(new CounterStoreUnavailableException("not connected to Redis yet", null));
        }
        RedisAsyncCommands<String, String> commands = current.async();
        CompletionStage<Object> run = commands.<Object>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args);
        written(current);
        return run.exceptionallyCompose(failure -> {
                    if (!(CounterStoreUnavailableException.cause(failure) instanceof RedisNoScriptException)) {
                        return CompletableFuture.failedFuture(failure);
                    }
                    CompletionStage<Object> again = commands.<Object>eval(script.text(), ScriptOutputType.MULTI, keys, args);
                    written(current);
                    return again;
                })
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        CounterStoreUnavailableException.of("Redis did not run " + script.name(), failure)));
    }

    /** A command was written to {@code current}'s buffer: flush it at the end of the loop's turn, or now off the loop. */
    private void written(StatefulRedisConnection<String, String> current) {
        if (!loop.inEventLoop()) {
            current.flushCommands();
        } else if (!flushQueued) {
            flushQueued = true;
            try {
                loop.execute(flush);
            } catch (RejectedExecutionException shuttingDown) {
                // the loop takes no more tasks: send now rather than leave the command to its timeout
                flush();
            }
        }
    }

    private void flush() {
        flushQueued = false;
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.flushCommands();
        }
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
                    // from now on commands wait in the connection's buffer until written() flushes them
                    connected.setAutoFlushCommands(false);
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
