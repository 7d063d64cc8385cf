package dev.toolgate.proxy;

import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.counters.RedisSettings;
import dev.toolgate.proxy.inventory.ToolInventory;
import dev.toolgate.proxy.identity.OidcSettings;
import dev.toolgate.proxy.identity.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the proxy server is configured with; {@code serve} fills it from flags, tests build it directly.
 *
 * @param port                    MCP port; 0 picks a free one
 * @param bindAddress             address to listen on; loopback (the default) also restricts Host to loopback names
 * @param adminPort               port of /metrics, /healthz, /readyz; 0 picks a free one, -1 disables it
 * @param adminBindAddress        address of the admin port (probes need it reachable from the kubelet)
 * @param upstream                the upstream MCP endpoint, e.g. {@code http://127.0.0.1:3000/mcp}
 * @param allowedOrigins          Origin values accepted besides none; "*" accepts any (not recommended)
 * @param allowedHosts            Host names accepted besides loopback names when bound to loopback
 * @param maxBodyBytes            largest POST body; larger gets 413
 * @param maxResponseBytes        largest JSON response the proxy buffers to filter; larger fails with 502
 * @param idleTimeout             a client connection with no traffic this long is closed (SSE streams get keep-alive
 *                                comments at half this interval)
 * @param requestTimeout          the whole request body must arrive within this, or 408
 * @param upstreamConnectTimeout  connecting to the upstream
 * @param upstreamResponseTimeout from sending a request upstream to its response headers
 * @param headTimeout             a request head must be complete within this of its first byte (the first head: of the
 *                                connection opening), or 408 and the connection closes
 * @param maxConnections          client connections open at once on the MCP port; more are refused with 503
 * @param maxConnectionsPerAddress client connections open at once from one client address; more are refused with 503
 * @param sessionIdleTimeout      a session not seen for this long (and without an open stream) is forgotten
 * @param maxSessions             sessions tracked at once; at the cap {@code initialize} gets 503
 * @param eventLoops              event loop threads serving the MCP port
 * @param livenessTimeout         /healthz fails unless every event loop runs a no-op task within this
 * @param clock                   the policy engine's clock (rate-limit windows) and audit time
 * @param apiKeys                 bearer tokens; null: callers are anonymous
 * @param sinks                   audit sinks besides the metrics sink the server adds itself
 * @param registry                where metrics go; /metrics scrapes it when it is a Prometheus registry
 * @param redis                   shared counters in Redis; null: counters in memory, per proxy
 * @param inventory               the upstream's tools as listed: their classes for {@code classes:} rules and their pins
 * @param oidc                    the OAuth 2.1 resource server's settings (bearer JWTs), or null
 * @param serviceAccountTokens    the verifier of Kubernetes ServiceAccount tokens (a TokenReview), or null; the
 *                                server closes it
 * @param upstreamToken           the bearer token the proxy sends the upstream in place of the client's, or null: the
 *                                client's {@code Authorization} never goes upstream when the proxy authenticates callers
 */
public record ProxyOptions(int port, String bindAddress, int adminPort, String adminBindAddress, URI upstream,
                           Set<String> allowedOrigins, Set<String> allowedHosts, long maxBodyBytes,
                           long maxResponseBytes, Duration idleTimeout, Duration requestTimeout,
                           Duration upstreamConnectTimeout, Duration upstreamResponseTimeout, Duration headTimeout,
                           int maxConnections, int maxConnectionsPerAddress, Duration sessionIdleTimeout,
                           int maxSessions, int eventLoops, Duration livenessTimeout, Clock clock, ApiKeys apiKeys,
                           List<AuditSink> sinks, MeterRegistry registry, RedisSettings redis,
                           ToolInventory inventory, OidcSettings oidc, TokenVerifier serviceAccountTokens,
                           String upstreamToken) {
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final int DEFAULT_MAX_SESSIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 2048;

    public ProxyOptions {
        Objects.requireNonNull(upstream, "upstream");
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("upstream must be an http(s) URL: " + upstream);
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
        allowedHosts = Set.copyOf(allowedHosts);
        sinks = List.copyOf(sinks);
        inventory = inventory == null ? ToolInventory.unpinned() : inventory;
    }

    /** Options with counters in memory, no tool pins, and no caller identities besides API keys. */
    public ProxyOptions(int port, String bindAddress, int adminPort, String adminBindAddress, URI upstream,
                        Set<String> allowedOrigins, Set<String> allowedHosts, long maxBodyBytes,
                        long maxResponseBytes, Duration idleTimeout, Duration requestTimeout,
                        Duration upstreamConnectTimeout, Duration upstreamResponseTimeout, Duration headTimeout,
                        int maxConnections, int maxConnectionsPerAddress, Duration sessionIdleTimeout,
                        int maxSessions, int eventLoops, Duration livenessTimeout, Clock clock, ApiKeys apiKeys,
                        List<AuditSink> sinks, MeterRegistry registry) {
        this(port, bindAddress, adminPort, adminBindAddress, upstream, allowedOrigins, allowedHosts, maxBodyBytes,
                maxResponseBytes, idleTimeout, requestTimeout, upstreamConnectTimeout, upstreamResponseTimeout, headTimeout,
                maxConnections, maxConnectionsPerAddress, sessionIdleTimeout, maxSessions, eventLoops, livenessTimeout,
                clock, apiKeys, sinks, registry, null, null, null, null, null);
    }

    /** True when callers must present a token (API keys, JWTs or ServiceAccount tokens); false: anonymous. */
    public boolean authenticatesCallers() {
        return apiKeys != null || oidc != null || serviceAccountTokens != null;
    }

    /**
     * The client's {@code Authorization} is not forwarded when the proxy consumed it (the MCP authorization spec
     * forbids token passthrough) or sends a credential of its own; an anonymous proxy without one passes it through.
     */
    public boolean dropsClientAuthorization() {
        return authenticatesCallers() || upstreamToken != null;
    }

    @Override
    public String toString() {
        // the upstream token is a secret: it is never printed
        return "ProxyOptions[port=" + port + ", upstream=" + upstream + ", apiKeys=" + (apiKeys != null)
                + ", oidc=" + oidc + ", serviceAccountTokens=" + (serviceAccountTokens != null)
                + ", upstreamToken=" + (upstreamToken != null ? "set" : "none") + "]";
    }

    public static Builder builder(URI upstream) {
        return new Builder(upstream);
    }

    /**
     * Defaults: 127.0.0.1:8080, admin 9090, 4 MiB bodies, 75 s idle, 30 s request, 10 s head, 5 s connect, 60 s
     * upstream, 4096 connections (2048 per client address).
     * Keep the idle timeout above the upstream response timeout: while the proxy waits for response headers
     * nothing flows on the client's connection.
     */
    public static final class Builder {
        private final URI upstream;
        private int port = 8080;
        private String bindAddress = "127.0.0.1";
        private int adminPort = 9090;
        private String adminBindAddress;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxResponseBytes = 16L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(75);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration upstreamConnectTimeout = Duration.ofSeconds(5);
        private Duration upstreamResponseTimeout = Duration.ofSeconds(60);
        private Duration headTimeout = Duration.ofSeconds(10);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private int eventLoops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private Duration livenessTimeout = Duration.ofMillis(500);
        private Clock clock = Clock.systemUTC();
        private ApiKeys apiKeys;
        private final List<AuditSink> sinks = new ArrayList<>();
        private RedisSettings redis;
        private MeterRegistry registry;
        private ToolInventory inventory;
        private OidcSettings oidc;
        private TokenVerifier serviceAccountTokens;
        private String upstreamToken;

        private Builder(URI upstream) {
            this.upstream = upstream;
        }

        public Builder port(int port) { this.port = port; return this; }
        public Builder bindAddress(String bindAddress) { this.bindAddress = bindAddress; return this; }
        public Builder adminPort(int adminPort) { this.adminPort = adminPort; return this; }
        public Builder adminBindAddress(String adminBindAddress) { this.adminBindAddress = adminBindAddress; return this; }
        public Builder allowOrigin(String origin) { allowedOrigins.add(origin); return this; }
        public Builder allowHost(String host) { allowedHosts.add(host); return this; }
        public Builder maxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes"); return this; }
        public Builder maxResponseBytes(long bytes) { this.maxResponseBytes = positive(bytes, "maxResponseBytes"); return this; }
        public Builder idleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; return this; }
        public Builder requestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; return this; }
        public Builder upstreamConnectTimeout(Duration timeout) { this.upstreamConnectTimeout = timeout; return this; }
        public Builder upstreamResponseTimeout(Duration timeout) { this.upstreamResponseTimeout = timeout; return this; }
        public Builder headTimeout(Duration timeout) { this.headTimeout = timeout; return this; }
        public Builder maxConnections(int max) { this.maxConnections = (int) positive(max, "maxConnections"); return this; }
        public Builder maxConnectionsPerAddress(int max) { this.maxConnectionsPerAddress = (int) positive(max, "maxConnectionsPerAddress"); return this; }
        public Builder sessionIdleTimeout(Duration timeout) { this.sessionIdleTimeout = timeout; return this; }
        public Builder maxSessions(int max) { this.maxSessions = (int) positive(max, "maxSessions"); return this; }
        public Builder eventLoops(int eventLoops) { this.eventLoops = (int) positive(eventLoops, "eventLoops"); return this; }
        public Builder livenessTimeout(Duration timeout) { this.livenessTimeout = timeout; return this; }
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        public Builder apiKeys(ApiKeys apiKeys) { this.apiKeys = apiKeys; return this; }
        public Builder sink(AuditSink sink) { sinks.add(Objects.requireNonNull(sink)); return this; }
        public Builder registry(MeterRegistry registry) { this.registry = registry; return this; }
        public Builder redis(RedisSettings redis) { this.redis = redis; return this; }
        public Builder inventory(ToolInventory inventory) { this.inventory = inventory; return this; }
        public Builder oidc(OidcSettings oidc) { this.oidc = oidc; return this; }
        public Builder serviceAccountTokens(TokenVerifier verifier) { this.serviceAccountTokens = verifier; return this; }
        public Builder upstreamToken(String token) { this.upstreamToken = token; return this; }

        public ProxyOptions build() {
            return new ProxyOptions(port, bindAddress, adminPort, adminBindAddress == null ? bindAddress : adminBindAddress,
                    upstream, allowedOrigins, allowedHosts, maxBodyBytes, maxResponseBytes, idleTimeout, requestTimeout,
                    upstreamConnectTimeout, upstreamResponseTimeout, headTimeout, maxConnections, maxConnectionsPerAddress,
                    sessionIdleTimeout, maxSessions, eventLoops, livenessTimeout, clock, apiKeys,
                    sinks, registry == null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry, redis,
                    inventory, oidc, serviceAccountTokens, upstreamToken);
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
