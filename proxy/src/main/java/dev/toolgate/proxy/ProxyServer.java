package dev.toolgate.proxy;

import dev.toolgate.admin.AdminServer;
import dev.toolgate.admin.EventLoopProbe;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.approval.Approvals;
import dev.toolgate.proxy.exchange.McpEndpoint;
import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.audit.MetricsAuditSink;
import dev.toolgate.proxy.counters.SharedCounters;
import dev.toolgate.proxy.counters.StoreHealth;
import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.PolicyState;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.identity.CallerAuthentication;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.session.SessionTracker;
import dev.toolgate.proxy.source.PolicySource;
import dev.toolgate.proxy.transport.ClientConnection;
import dev.toolgate.proxy.transport.ConnectionGate;
import dev.toolgate.proxy.transport.ConnectionLimits;
import dev.toolgate.proxy.transport.HeadTimeout;
import dev.toolgate.proxy.transport.RequestGuard;
import dev.toolgate.proxy.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The MCP proxy: an endpoint per event loop on the MCP port (all sharing the port), the admin port, and the policy
 * fed by a {@link PolicySource}. Start it with {@link #start}; tests use port 0 and read {@link #port()}.
 */
public final class ProxyServer implements AutoCloseable {
    /** Longest request line and header block a client may send; more gets 431 / 400. */
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private final Transport transport;
    private final EventLoopGroup loops;
    private final EventLoopGroup adminLoop;
    private final Channel listener;
    private final Map<EventExecutor, McpEndpoint> endpoints;
    private final AdminServer admin;
    private final PolicySource source;
    private final PolicyState policy;
    private final SessionTracker sessions;
    private final SharedCounters counters;
    private final int port;
    private final int adminPort;
    private final String host;
    private final CallerAuthentication authentication;

    private ProxyServer(Transport transport, EventLoopGroup loops, EventLoopGroup adminLoop, Channel listener,
                        Map<EventExecutor, McpEndpoint> endpoints, AdminServer admin, PolicySource source,
                        PolicyState policy, SessionTracker sessions, SharedCounters counters, int adminPort, String host,
                        CallerAuthentication authentication) {
        this.transport = transport;
        this.loops = loops;
        this.adminLoop = adminLoop;
        this.listener = listener;
        this.endpoints = endpoints;
        this.admin = admin;
        this.source = source;
        this.policy = policy;
        this.sessions = sessions;
        this.counters = counters;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
        this.adminPort = adminPort;
        this.host = host;
        this.authentication = authentication;
    }

    /** Starts the policy source (the first policy loads now), then the MCP and admin ports. */
    public static ProxyServer start(ProxyOptions options, PolicySource source) throws Exception {
        return start(options, source, ApprovalOptions.OFF);
    }

    /** {@link #start(ProxyOptions, PolicySource)} with calls needing approval handled as {@code approvals} say. */
    public static ProxyServer start(ProxyOptions options, PolicySource source, ApprovalOptions approvalOptions)
            throws Exception {
        Transport transport = Transport.best();
        EventLoopGroup loops = transport.group(options.eventLoops(), "toolgate-mcp");
        EventLoopGroup adminLoop = transport.group(1, "toolgate-admin");
        // shared counters ride the MCP loops: the Redis connection is one more channel there
        SharedCounters counters = options.redis() == null ? null
                : SharedCounters.open(options.redis(), loops, options.clock(), options.registry());
        ProxyMetrics metrics = new ProxyMetrics(options.registry());
        PolicyState policy = new PolicyState(options.clock(), options.registry(), counters == null ? null : counters.store());
        List<AuditSink> sinks = new ArrayList<>(options.sinks());
        sinks.add(new MetricsAuditSink(options.registry()));
        SessionTracker sessions = new SessionTracker(options.sessionIdleTimeout(), options.maxSessions(), options.registry());
        AuditTrail audit = new AuditTrail(sinks);
        Approvals approvals = Approvals.create(approvalOptions, policy, audit, options.clock(), options.registry(),
                sessions::send);
        ProxyServices services = new ProxyServices(options,
                new RequestGuard(options.allowedOrigins(), options.allowedHosts(), options.bindAddress()),
                new JsonRpcParser(), policy, new CallDecider(policy, audit, metrics, options.clock(),
                        counters == null ? () -> true : counters.health()::available, options.inventory(), approvals.gate()),
                ToolsListFilter.perCaller(options.inventory(), policy::mayList), sessions, metrics,
                CallerAuthentication.of(options), approvals.holdOpen());
        try {
            source.start(policy);
        } catch (RuntimeException e) {
            closeCounters(counters);
            shutdown(loops, adminLoop);
            services.authentication().close();
            throw e;
        }
        try {
            // an endpoint per event loop, made on its loop: each client connection is served by its own loop's
            Map<EventExecutor, McpEndpoint> endpoints = new IdentityHashMap<>();
            for (EventExecutor executor : loops) {
                EventLoop loop = (EventLoop) executor;
                endpoints.put(loop, loop.submit(() -> new McpEndpoint(loop, transport, services)).get(10, TimeUnit.SECONDS));
            }
            ConnectionGate gate = new ConnectionGate(new ConnectionLimits(options.maxConnections(),
                    options.maxConnectionsPerAddress(), options.registry()));
            Channel listener = new ServerBootstrap().group(loops).channel(transport.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            if (!gate.admit(channel)) {
                                return;
                            }
                            McpEndpoint endpoint = endpoints.get(channel.eventLoop());
                            HeadTimeout headTimeout = new HeadTimeout(endpoint.deadlines(), options.headTimeout());
                            channel.pipeline().addLast(headTimeout,
                                    new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 64 * 1024),
                                    new IdleStateHandler(0, 0, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                    new ClientConnection(endpoint, headTimeout));
                        }
                    })
                    .bind(options.bindAddress(), options.port()).sync().channel();
            loops.next().scheduleAtFixedRate(sessions::sweep, 60, 60, TimeUnit.SECONDS);
            if (approvals.book() != null) {
                // expired approvals are noticed without waiting for a call: 2025-11-25 sessions hear of them
                loops.next().scheduleAtFixedRate(approvals.book()::sweep, 5, 5, TimeUnit.SECONDS);
            }
            AdminServer admin = null;
            int adminPort = -1;
            if (options.adminPort() >= 0) {
                admin = new AdminServer(options.registry(), policy::loaded, "no policy in force yet",
                        new EventLoopProbe(loops, options.livenessTimeout()), approvals.routes());
                adminPort = admin.start(adminLoop, transport.serverChannel(), options.adminBindAddress(), options.adminPort());
                approvals.links().bound("http://" + hostPort(options.adminBindAddress(), adminPort));
            }
            return new ProxyServer(transport, loops, adminLoop, listener, endpoints, admin, source, policy, sessions,
                    counters, adminPort, options.bindAddress(), services.authentication());
        } catch (Exception e) {
            closeCounters(counters);
            shutdown(loops, adminLoop);
            source.close();
            services.authentication().close();
            throw e;
        }
    }

    private static void closeCounters(SharedCounters counters) {
        if (counters != null) {
            counters.close();
        }
    }

    /** The shared counters' health (Redis up or not), when the counters are shared. */
    public Optional<StoreHealth> counterHealth() {
        return counters == null ? Optional.empty() : Optional.of(counters.health());
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        for (EventLoopGroup group : groups) {
            group.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    /** The admin port, or -1 when disabled. */
    public int adminPort() {
        return adminPort;
    }

    public URI mcpUri() {
        return URI.create("http://" + hostPort(host, port) + McpEndpoint.PATH);
    }

    /** "epoll" when Netty's native Linux transport carries the sockets, else "nio". */
    public String transport() {
        return transport.label();
    }

    public boolean ready() {
        return policy.loaded();
    }

    /** The GET (SSE) streams of tracked sessions open through the proxy now. */
    public int openStreams() {
        return sessions.streams();
    }

    public int openSessions() {
        return sessions.open();
    }

    @Override
    public void close() throws Exception {
        source.close();
        listener.close().syncUninterruptibly();
        if (admin != null) {
            admin.close();
        }
        for (Map.Entry<EventExecutor, McpEndpoint> endpoint : endpoints.entrySet()) {
            endpoint.getKey().submit(endpoint.getValue()::close).await(10, TimeUnit.SECONDS);
        }
        closeCounters(counters);
        shutdown(loops, adminLoop);
        authentication.close();
    }
}
