package dev.toolgate.proxy;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.ServeFlag;
import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisSettings;
import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.inventory.InventoryArguments;
import dev.toolgate.proxy.identity.OidcSettings;
import dev.toolgate.proxy.identity.TokenReviewVerifier;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code serve} command line (flags: {@link ServeFlag}): {@code --policy FILE --upstream URL [--port 8080] [--bind 127.0.0.1]
 * [--admin-port 9090] [--api-keys FILE] [--audit-log FILE|-]}, or Kubernetes mode with {@code --policy-configmap NAME
 * [--namespace NS] [--mcp-server NAME]} instead of {@code --policy}. Extra: {@code --admin-bind ADDR},
 * {@code --allow-origin ORIGIN} and {@code --allow-host HOST} (repeatable), {@code --max-body-bytes N},
 * {@code --event-loops N}, {@code --max-connections N}, {@code --max-connections-per-address N},
 * {@code --max-sessions N}. Shared counters: {@code --redis URL [--redis-failure closed|local]
 * [--redis-password-file FILE] [--redis-ca-file FILE] [--redis-timeout-ms N] [--replicas N]}, the password otherwise
 * from {@link PodEnvironment#REDIS_PASSWORD} (never on the command line). The tool inventory's
 * {@code --tool-pins FILE}, {@code --on-tool-change require_approval|deny} and {@code --trust-annotations true|false}.
 * Identities besides API keys: {@code --oidc-issuer URL --oidc-audience URI
 * [--oidc-jwks-uri URL] [--identity-claim sub] [--grants-claim CLAIM] [--required-scope S]...} (bearer JWTs) and
 * {@code --service-account-audience AUD [--token-review-ttl SECONDS]} (Kubernetes ServiceAccount tokens).
 */
public record ServeArguments(Path policy, String policyConfigMap, String namespace, String mcpServer, URI upstream,
                             int port, String bind, int adminPort, String adminBind, Path apiKeys, String auditLog,
                             List<String> allowedOrigins, List<String> allowedHosts, long maxBodyBytes,
                             int eventLoops, int maxConnections, int maxConnectionsPerAddress,
                             int maxSessions, RedisArguments redis, InventoryArguments inventory, OidcSettings oidc,
                             String serviceAccountAudience, Duration tokenReviewTtl, Path adminKeys,
                             long approvalTtlSeconds, String approvalUrl, long approvalHoldOpenSeconds,
                             Duration approvalWait, Path approvalStateKeyFile) {

    public ServeArguments {
        inventory = inventory == null ? InventoryArguments.DEFAULTS : inventory;
        tokenReviewTtl = tokenReviewTtl == null ? TokenReviewVerifier.MAX_TTL : tokenReviewTtl;
    }

    /**
     * The shared-counter flags, as given.
     *
     * @param url the {@code --redis} URL, or null for counters in memory (then the other flags are refused)
     */
    public record RedisArguments(URI url, FailureMode failureMode, Path passwordFile, Path caFile, Duration timeout,
                                 int replicas) {
        /**
         * The settings these flags describe, the password read from the file or else {@code env}.
         *
         * @param keyTag the hash tag of this proxy's keys (its McpServer, or standalone)
         */
        public RedisSettings settings(Map<String, String> env, String keyTag) throws IOException {
            String password = passwordFile != null ? Files.readString(passwordFile).strip() : env.get(PodEnvironment.REDIS_PASSWORD);
            return new RedisSettings(url, password == null || password.isEmpty() ? null : password, caFile, timeout,
                    failureMode, replicas, keyTag);
        }
    }

    /** The arguments without shared counters (counters in memory), inventory flags, identities besides API keys or approval
     * flags (approvals off unless {@code TOOLGATE_ADMIN_TOKEN} is set). */
    public ServeArguments(Path policy, String policyConfigMap, String namespace, String mcpServer, URI upstream,
                          int port, String bind, int adminPort, String adminBind, Path apiKeys, String auditLog,
                          List<String> allowedOrigins, List<String> allowedHosts, long maxBodyBytes,
                          int eventLoops, int maxConnections, int maxConnectionsPerAddress, int maxSessions) {
        this(policy, policyConfigMap, namespace, mcpServer, upstream, port, bind, adminPort, adminBind, apiKeys, auditLog,
                allowedOrigins, allowedHosts, maxBodyBytes, eventLoops, maxConnections, maxConnectionsPerAddress,
                maxSessions, null, InventoryArguments.DEFAULTS, null, null, TokenReviewVerifier.MAX_TTL, null, 0, null, 0,
                null, null);
    }

    public static final String USAGE = """
            usage: serve --policy FILE --upstream URL [--port 8080] [--bind 127.0.0.1] [--admin-port 9090]
                         [--api-keys FILE] [--audit-log FILE|-]
                         [--admin-bind ADDR] [--allow-origin ORIGIN]... [--allow-host HOST]... [--max-body-bytes N] [--event-loops N]
                         [--max-connections N] [--max-connections-per-address N] [--max-sessions N]
                         [--tool-pins FILE] [--on-tool-change require_approval|deny] [--trust-annotations true|false]
                         [--admin-keys FILE] [--approval-ttl SECONDS] [--approval-url URL] [--approval-hold-open SECONDS]
                         [--approval-wait SECONDS] [--approval-state-key-file FILE]
                         [--oidc-issuer URL --oidc-audience URI [--oidc-jwks-uri URL] [--identity-claim sub]
                          [--grants-claim CLAIM] [--required-scope S]...]
                         [--service-account-audience AUD [--token-review-ttl SECONDS]]
                   serve --policy-configmap NAME [--namespace NS] [--mcp-server NAME] --upstream URL [same options]
             shared counters: [--redis redis://HOST:PORT|rediss://HOST:PORT] [--redis-failure closed|local]
                         [--redis-password-file FILE] [--redis-ca-file FILE] [--redis-timeout-ms 50] [--replicas N]
                         (the password from --redis-password-file or env TOOLGATE_REDIS_PASSWORD, never a flag)
            The upstream credential, if any, comes from the environment variable TOOLGATE_UPSTREAM_TOKEN.""";

    public boolean kubernetesMode() {
        return policyConfigMap != null;
    }

    /** Parses the flags; an {@link IllegalArgumentException} says what is wrong. */
    public static ServeArguments parse(String[] args) {
        Path policy = null;
        String configMap = null;
        String namespace = null;
        String mcpServer = null;
        URI upstream = null;
        int port = 8080;
        String bind = "127.0.0.1";
        int adminPort = 9090;
        String adminBind = null;
        Path apiKeys = null;
        String auditLog = "-";
        List<String> origins = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        long maxBody = ProxyOptions.DEFAULT_MAX_BODY_BYTES;
        int eventLoops = 0;
        int maxConnections = ProxyOptions.DEFAULT_MAX_CONNECTIONS;
        int maxConnectionsPerAddress = ProxyOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        int maxSessions = ProxyOptions.DEFAULT_MAX_SESSIONS;
        URI redis = null;
        FailureMode redisFailure = null;
        Path redisPasswordFile = null;
        Path redisCaFile = null;
        Duration redisTimeout = null;
        int replicas = 0;
        Path pins = null;
        Outcome onToolChange = InventoryArguments.DEFAULTS.onChange();
        boolean trustAnnotations = false;
        URI issuer = null;
        String audience = null;
        URI jwksUri = null;
        String identityClaim = null;
        String grantsClaim = null;
        List<String> scopes = new ArrayList<>();
        String serviceAccountAudience = null;
        Duration tokenReviewTtl = TokenReviewVerifier.MAX_TTL;
        Path adminKeys = null;
        long approvalTtl = 0;
        String approvalUrl = null;
        long holdOpen = 0;
        Duration approvalWait = null;
        Path approvalStateKeyFile = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (ServeFlag.of(flag).orElseThrow(() -> new IllegalArgumentException("unknown option " + flag))) {
                case POLICY -> policy = Path.of(value);
                case POLICY_CONFIGMAP -> configMap = value;
                case NAMESPACE -> namespace = value;
                case MCP_SERVER -> mcpServer = value;
                case UPSTREAM -> upstream = upstream(value);
                case PORT -> port = port(flag, value);
                case BIND -> bind = value;
                case ADMIN_PORT -> adminPort = port(flag, value);
                case ADMIN_BIND -> adminBind = value;
                case API_KEYS -> apiKeys = Path.of(value);
                case AUDIT_LOG -> auditLog = value;
                case ALLOW_ORIGIN -> origins.add(value);
                case ALLOW_HOST -> hosts.add(value);
                case MAX_BODY_BYTES -> maxBody = number(flag, value);
                case EVENT_LOOPS -> eventLoops = (int) Math.min(64, number(flag, value));
                case MAX_CONNECTIONS -> maxConnections = count(flag, value);
                case MAX_CONNECTIONS_PER_ADDRESS -> maxConnectionsPerAddress = count(flag, value);
                case MAX_SESSIONS -> maxSessions = count(flag, value);
                case REDIS -> redis = redis(value);
                case REDIS_FAILURE -> redisFailure = FailureMode.of(value);
                case REDIS_PASSWORD_FILE -> redisPasswordFile = Path.of(value);
                case REDIS_CA_FILE -> redisCaFile = Path.of(value);
                case REDIS_TIMEOUT_MS -> redisTimeout = Duration.ofMillis(Math.min(60_000, count(flag, value)));
                case REPLICAS -> replicas = count(flag, value);
                case TOOL_PINS -> pins = Path.of(value);
                case ON_TOOL_CHANGE -> onToolChange = InventoryArguments.onChange(flag, value);
                case TRUST_ANNOTATIONS -> trustAnnotations = InventoryArguments.bool(flag, value);
                case OIDC_ISSUER -> issuer = httpUrl(flag, value);
                case OIDC_AUDIENCE -> audience = audience(flag, value);
                case OIDC_JWKS_URI -> jwksUri = httpUrl(flag, value);
                case IDENTITY_CLAIM -> identityClaim = word(flag, value);
                case GRANTS_CLAIM -> grantsClaim = word(flag, value);
                case REQUIRED_SCOPE -> scopes.add(word(flag, value));
                case SERVICE_ACCOUNT_AUDIENCE -> serviceAccountAudience = word(flag, value);
                case TOKEN_REVIEW_TTL -> tokenReviewTtl = ttl(flag, value);
                case ADMIN_KEYS -> adminKeys = Path.of(value);
                case APPROVAL_TTL -> approvalTtl = count(flag, value);
                case APPROVAL_URL -> approvalUrl = approvalUrl(value);
                case APPROVAL_HOLD_OPEN -> holdOpen = holdOpenSeconds(flag, value);
                case APPROVAL_WAIT -> approvalWait = approvalWait(flag, value);
                case APPROVAL_STATE_KEY_FILE -> approvalStateKeyFile = Path.of(value);
            }
        }
        if ((policy == null) == (configMap == null)) {
            throw new IllegalArgumentException("give exactly one of --policy FILE and --policy-configmap NAME");
        }
        if (upstream == null) {
            throw new IllegalArgumentException("--upstream URL is required");
        }
        if (configMap == null && (namespace != null || mcpServer != null)) {
            throw new IllegalArgumentException("--namespace and --mcp-server go with --policy-configmap");
        }
        if ((issuer == null) != (audience == null)) {
            throw new IllegalArgumentException("--oidc-issuer and --oidc-audience go together");
        }
        if (issuer == null && (jwksUri != null || identityClaim != null || grantsClaim != null || !scopes.isEmpty())) {
            throw new IllegalArgumentException(
                    "--oidc-jwks-uri, --identity-claim, --grants-claim and --required-scope go with --oidc-issuer");
        }
        OidcSettings oidc = issuer == null ? null
                : new OidcSettings(issuer, audience, jwksUri, identityClaim, grantsClaim, scopes);
        boolean redisOptions = redisFailure != null || redisPasswordFile != null || redisCaFile != null
                || redisTimeout != null || replicas != 0;
        if (redis == null && redisOptions) {
            throw new IllegalArgumentException("the --redis-* options and --replicas go with --redis URL");
        }
        RedisArguments counters = redis == null ? null : new RedisArguments(redis,
                redisFailure == null ? FailureMode.CLOSED : redisFailure, redisPasswordFile, redisCaFile,
                redisTimeout == null ? RedisSettings.DEFAULT_TIMEOUT : redisTimeout, replicas == 0 ? 1 : replicas);
        return new ServeArguments(policy, configMap, namespace, mcpServer, upstream, port, bind, adminPort,
                adminBind == null ? bind : adminBind, apiKeys, auditLog, origins, hosts, maxBody, eventLoops,
                maxConnections, maxConnectionsPerAddress, maxSessions, counters,
                new InventoryArguments(pins, onToolChange, trustAnnotations), oidc, serviceAccountAudience, tokenReviewTtl,
                adminKeys, approvalTtl, approvalUrl, holdOpen, approvalWait, approvalStateKeyFile);
    }

    private static long holdOpenSeconds(String flag, String value) {
        long seconds = number(flag, value);
        if (seconds < 0 || seconds > KubernetesServe.MAX_APPROVAL_HOLD_OPEN_SECONDS) {
            throw new IllegalArgumentException(flag + " is 0 (off) to " + KubernetesServe.MAX_APPROVAL_HOLD_OPEN_SECONDS + " seconds: " + value);
        }
        return seconds;
    }

    /** 0 to 60 seconds: a wait stays below the client connection's idle timeout. */
    private static Duration approvalWait(String flag, String value) {
        long seconds = number(flag, value);
        if (seconds > ApprovalOptions.MAX_WAIT.toSeconds()) {
            throw new IllegalArgumentException(flag + " is 0 to " + ApprovalOptions.MAX_WAIT.toSeconds()
                    + " seconds, e.g. " + flag + " 30");
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * A base URL, or a template holding {@link ServeFlag#APPROVAL_URL_ID} once, in its path: checked with a sample id
     * in its place, since a link is the template with an id (hex digits) in that place. No user info either way: the
     * link is shown to agents and people, and a browser would send it as credentials.
     */
    private static String approvalUrl(String value) {
        String flag = ServeFlag.APPROVAL_URL.text();
        String sampleId = "0".repeat(24);
        String example = "https://toolgate.example.com or https://approvals.example.com/approvals/agents/"
                + ServeFlag.APPROVAL_URL_ID;
        int first = value.indexOf(ServeFlag.APPROVAL_URL_ID);
        if (first >= 0 && value.indexOf(ServeFlag.APPROVAL_URL_ID, first + 1) >= 0) {
            throw new IllegalArgumentException(flag + " holds " + ServeFlag.APPROVAL_URL_ID + " at most once: " + value);
        }
        URI uri = httpUrl(flag, value.replace(ServeFlag.APPROVAL_URL_ID, sampleId), example);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(flag + " must not carry user info: " + value);
        }
        if (first >= 0 && (uri.getRawPath() == null || !uri.getRawPath().contains(sampleId))) {
            throw new IllegalArgumentException(flag + " takes " + ServeFlag.APPROVAL_URL_ID + " in its path, e.g. "
                    + example + ": " + value);
        }
        return value;
    }

    private static URI redis(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis must be a redis:// or rediss:// URL");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--redis must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            // the URL is on the command line (ps, the pod spec): the password never is
            throw new IllegalArgumentException("--redis must not carry a password: use --redis-password-file or env "
                    + PodEnvironment.REDIS_PASSWORD);
        }
        return uri;
    }

    private static URI upstream(String value) {
        return httpUrl(ServeFlag.UPSTREAM.text(), value, "http://127.0.0.1:3000/mcp");
    }

    private static URI httpUrl(String flag, String value) {
        return httpUrl(flag, value, null);
    }

    /** An absolute http(s) URL with a host; the error names the flag and, when given, an example. */
    private static URI httpUrl(String flag, String value, String example) {
        String refusal = flag + " must be an http(s) URL" + (example == null ? "" : ", e.g. " + example) + ": " + value;
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(refusal);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(refusal);
        }
        return uri;
    }

    /** The resource identifier: an absolute URL without a fragment (RFC 8707 §2). */
    private static String audience(String flag, String value) {
        URI uri = httpUrl(flag, value);
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(flag + " must not have a fragment: " + value);
        }
        return value;
    }

    /**
     * A claim name, scope or audience: printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3 scope
     * tokens), so it can go into a {@code WWW-Authenticate} parameter as it is.
     */
    private static String word(String flag, String value) {
        if (value.isEmpty() || value.length() > 256 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            throw new IllegalArgumentException(flag + " must be printable ASCII without spaces or quotes: " + value);
        }
        return value;
    }

    private static Duration ttl(String flag, String value) {
        long seconds = number(flag, value);
        if (seconds > TokenReviewVerifier.MAX_TTL.toSeconds()) {
            throw new IllegalArgumentException(flag + " is at most " + TokenReviewVerifier.MAX_TTL.toSeconds() + " seconds: " + value);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int port(String flag, String value) {
        long port = number(flag, value);
        if (port > 65535) {
            throw new IllegalArgumentException(flag + " must be a port number (0-65535): " + value);
        }
        return (int) port;
    }

    /** A positive count that fits an int. */
    private static int count(String flag, String value) {
        long count = number(flag, value);
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " must be a positive number: " + value);
        }
        return (int) count;
    }

    private static long number(String flag, String value) {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a non-negative number: " + value);
        }
    }

    /** The proxy options these flags describe (everything not given keeps its default). */
    public ProxyOptions.Builder toOptions() {
        ProxyOptions.Builder builder = ProxyOptions.builder(upstream)
                .port(port).bindAddress(bind).adminPort(adminPort).adminBindAddress(adminBind).maxBodyBytes(maxBodyBytes)
                .maxConnections(maxConnections).maxConnectionsPerAddress(maxConnectionsPerAddress).maxSessions(maxSessions);
        if (eventLoops > 0) {
            builder.eventLoops(eventLoops);
        }
        allowedOrigins.forEach(builder::allowOrigin);
        allowedHosts.forEach(builder::allowHost);
        builder.oidc(oidc);
        return builder;
    }
}
