package dev.toolgate.proxy;

import dev.toolgate.proxy.admin.AdminServer;
import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.audit.MetricsAuditSink;
import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.PolicyState;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.session.SessionTracker;
import dev.toolgate.proxy.source.PolicySource;
import dev.toolgate.proxy.transport.RequestGuard;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MCP proxy: an endpoint per event loop on the MCP port (all sharing the port), the admin port, and the policy
 * fed by a {@link PolicySource}. Start it with {@link #start}; tests use port 0 and read {@link #port()}.
 */
public final class ProxyServer implements AutoCloseable {
    private final Vertx vertx;
    private final PolicySource source;
    private final PolicyState policy;
    private final SessionTracker sessions;
    private final int port;
    private final int adminPort;
    private final String host;

    private ProxyServer(Vertx vertx, PolicySource source, PolicyState policy, SessionTracker sessions, int port,
                        int adminPort, String host) {
        this.vertx = vertx;
        this.source = source;
        this.policy = policy;
        this.sessions = sessions;
        this.port = port;
        this.adminPort = adminPort;
        this.host = host;
    }

    /** Starts the policy source (the first policy loads now), then the MCP and admin ports. */
    public static ProxyServer start(ProxyOptions options, PolicySource source) throws Exception {
        ProxyMetrics metrics = new ProxyMetrics(options.registry());
        PolicyState policy = new PolicyState(options.clock(), options.registry());
        List<AuditSink> sinks = new ArrayList<>(options.sinks());
        sinks.add(new MetricsAuditSink(options.registry()));
        SessionTracker sessions = new SessionTracker(options.sessionIdleTimeout(), options.registry());
        ProxyServices services = new ProxyServices(options,
                new RequestGuard(options.allowedOrigins(), options.allowedHosts(), options.bindAddress()),
                new JsonRpcParser(), policy, new CallDecider(policy, new AuditTrail(sinks), metrics, options.clock()),
                new ToolsListFilter(policy::mayList), sessions, metrics);
        source.start(policy);

        // native epoll where Netty ships it (Linux x86_64), Java NIO elsewhere
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops() + 1).setPreferNativeTransport(true));
        try {
            // servers of one Vert.x instance share a port; -1 is Vert.x's "one random port shared by all of them"
            int requested = options.port() == 0 ? -1 : options.port();
            int port = 0;
            for (int i = 0; i < options.eventLoops(); i++) {
                port = deploy(vertx, services, requested);
            }
            vertx.setPeriodic(60_000, id -> sessions.sweep());
            int adminPort = -1;
            if (options.adminPort() >= 0) {
                adminPort = new AdminServer(vertx, options.registry(), policy::loaded)
                        .start(options.adminBindAddress(), options.adminPort())
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            return new ProxyServer(vertx, source, policy, sessions, port, adminPort, options.bindAddress());
        } catch (Exception e) {
            vertx.close();
            source.close();
            throw e;
        }
    }

    private static int deploy(Vertx vertx, ProxyServices services, int port) throws Exception {
        McpVerticle verticle = new McpVerticle(services, port);
        vertx.deployVerticle(verticle, new DeploymentOptions())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return verticle.actualPort;
    }

    /** One event loop's share of the MCP port. */
    private static final class McpVerticle extends AbstractVerticle {
        private final ProxyServices services;
        private final int requestedPort;
        private volatile int actualPort;
        private McpEndpoint endpoint;

        McpVerticle(ProxyServices services, int requestedPort) {
            this.services = services;
            this.requestedPort = requestedPort;
        }

        @Override
        public void start(Promise<Void> started) {
            endpoint = new McpEndpoint(vertx, services);
            vertx.createHttpServer(serverOptions(services.options()))
                    .requestHandler(endpoint)
                    .listen(requestedPort, services.options().bindAddress())
                    .onSuccess(server -> {
                        actualPort = server.actualPort();
                        started.complete();
                    })
                    .onFailure(started::fail);
        }

        @Override
        public void stop() {
            endpoint.close();
        }
    }

    /** The HTTP server settings of the MCP port (public so the load benchmark's bare relay runs on the same). */
    public static HttpServerOptions serverOptions(ProxyOptions options) {
        return new HttpServerOptions()
                .setIdleTimeout((int) options.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true)
                .setHandle100ContinueAutomatically(true)
                // MCP has no WebSocket: without these Netty adds a WebSocket extension handler to every response
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    public int port() {
        return port;
    }

    /** The admin port, or -1 when disabled. */
    public int adminPort() {
        return adminPort;
    }

    public URI mcpUri() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shown + ":" + port + McpEndpoint.PATH);
    }

    /** "epoll" when Netty's native Linux transport carries the sockets, else "nio". */
    public String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    public boolean ready() {
        return policy.loaded();
    }

    public int openSessions() {
        return sessions.open();
    }

    @Override
    public void close() throws Exception {
        source.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
