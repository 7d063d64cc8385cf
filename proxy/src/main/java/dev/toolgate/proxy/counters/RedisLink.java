package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterStoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's one connection to Redis, on the proxy's event loops ({@link SharedEventLoops}). Commands are pipelined
 * on it by every loop. Every command is bounded by the settings' timeout; while the connection is down commands fail
 * at once instead of queueing (the failure mode decides), and the connection comes back by itself: Lettuce reconnects
 * a connection that dropped, and a first connection that failed is tried again every {@link #RETRY}.
 */
public final class RedisLink implements AutoCloseable {
    /** Pause between attempts at the first connection, and Lettuce's reconnect delay. */
    static final Duration RETRY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final EventLoopGroup loops;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;
    /** Attempts at the first connection that failed; touched by one attempt at a time. */
    private volatile int failedAttempts;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

    private RedisLink(ClientResources resources, RedisClient client, RedisURI uri, EventLoopGroup loops) {
        this.resources = resources;
        this.client = client;
        this.uri = uri;
        this.loops = loops;
    }

    /** Starts connecting (in the background: the proxy starts whether Redis is up or not). */
    public static RedisLink open(RedisSettings settings, EventLoopGroup loops) {
        ClientResources resources = ClientResources.builder()
                .eventLoopGroupProvider(new SharedEventLoops(loops))
                .eventExecutorGroup(loops)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .reconnectDelay(Delay.constant(RETRY))
                .build();
        RedisURI uri = RedisURI.create(settings.url());
        if (settings.password() != null) {
            uri.setAuthentication(settings.password());
        }
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(resources, uri);
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build());
        if (settings.caFile() != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(settings.caFile().toFile()).build());
        }
        client.setOptions(options.build());
        RedisLink link = new RedisLink(resources, client, uri, loops);
        link.connect();
        return link;
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
                    LOG.info("connected to Redis at {}", uri.getHost());
                }
            } else if (!closed) {
                // once at WARN; the retries every RETRY would flood the log while Redis is away
                if (failedAttempts++ == 0) {
                    LOG.warn("cannot connect to Redis at {} ({}); trying again every {} ms", uri.getHost(), failure.getMessage(), RETRY.toMillis());
                } else {
                    LOG.debug("still cannot connect to Redis at {}: {}", uri.getHost(), failure.getMessage());
                }
                loops.next().schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
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
        CompletableFuture<?>[] loads = java.util.stream.Stream.of(RedisScript.RESERVE, RedisScript.ROLLBACK, RedisScript.READ)
                .map(script -> commands.scriptLoad(script.text()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(loads).thenApply(loaded -> connected).whenComplete((ignored, failure) -> {
            if (failure != null) {
                connected.closeAsync();
            }
        });
    }

    /**
     * Waits up to {@code wait} for the first connection (on the starting thread, never an event loop), so a proxy
     * that starts beside a healthy Redis does not refuse its first calls; true when connected.
     */
    public boolean awaitConnected(Duration wait) {
        try {
            firstConnection.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once the first connection is made (it may be down again since; commands then fail). */
    public boolean connected() {
        return connection != null && connection.isOpen();
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
        return run.exceptionallyCompose(failure -> CounterStoreUnavailableException.cause(failure) instanceof RedisNoScriptException
                        ? commands.<Object>eval(script.text(), ScriptOutputType.MULTI, keys, args)
                        : CompletableFuture.failedFuture(failure))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        CounterStoreUnavailableException.of("Redis did not run " + script.name(), failure)));
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // resources given to a client are the caller's to shut down (its timer thread; the loops stay the proxy's)
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
