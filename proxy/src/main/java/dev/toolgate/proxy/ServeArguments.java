package dev.toolgate.proxy;

import dev.toolgate.contract.ServeFlag;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code serve} command line (flags: {@link ServeFlag}): {@code --policy FILE --upstream URL [--port 8080] [--bind 127.0.0.1]
 * [--admin-port 9090] [--api-keys FILE] [--audit-log FILE|-]}, or Kubernetes mode with {@code --policy-configmap NAME
 * [--namespace NS] [--mcp-server NAME]} instead of {@code --policy}. Extra: {@code --admin-bind ADDR},
 * {@code --allow-origin ORIGIN} and {@code --allow-host HOST} (repeatable), {@code --max-body-bytes N},
 * {@code --event-loops N}, {@code --max-connections N}, {@code --max-connections-per-address N},
 * {@code --max-sessions N}.
 */
public record ServeArguments(Path policy, String policyConfigMap, String namespace, String mcpServer, URI upstream,
                             int port, String bind, int adminPort, String adminBind, Path apiKeys, String auditLog,
                             List<String> allowedOrigins, List<String> allowedHosts, long maxBodyBytes,
                             int eventLoops, int maxConnections, int maxConnectionsPerAddress,
                             int maxSessions, Path adminKeys, long approvalTtlSeconds, String approvalUrl) {

    /** The command line without approval flags (approvals off unless {@code TOOLGATE_ADMIN_TOKEN} is set). */
    public ServeArguments(Path policy, String policyConfigMap, String namespace, String mcpServer, URI upstream,
                          int port, String bind, int adminPort, String adminBind, Path apiKeys, String auditLog,
                          List<String> allowedOrigins, List<String> allowedHosts, long maxBodyBytes,
                          int eventLoops, int maxConnections, int maxConnectionsPerAddress, int maxSessions) {
        this(policy, policyConfigMap, namespace, mcpServer, upstream, port, bind, adminPort, adminBind, apiKeys, auditLog,
                allowedOrigins, allowedHosts, maxBodyBytes, eventLoops, maxConnections, maxConnectionsPerAddress,
                maxSessions, null, 0, null);
    }

    public static final String USAGE = """
            usage: serve --policy FILE --upstream URL [--port 8080] [--bind 127.0.0.1] [--admin-port 9090]
                         [--api-keys FILE] [--audit-log FILE|-]
                         [--admin-bind ADDR] [--allow-origin ORIGIN]... [--allow-host HOST]... [--max-body-bytes N] [--event-loops N]
                         [--max-connections N] [--max-connections-per-address N] [--max-sessions N]
                         [--admin-keys FILE] [--approval-ttl SECONDS] [--approval-url URL]
                   serve --policy-configmap NAME [--namespace NS] [--mcp-server NAME] --upstream URL [same options]""";

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
        Path adminKeys = null;
        long approvalTtl = 0;
        String approvalUrl = null;
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
                case ADMIN_KEYS -> adminKeys = Path.of(value);
                case APPROVAL_TTL -> approvalTtl = count(flag, value);
                case APPROVAL_URL -> approvalUrl = approvalUrl(value);
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
        return new ServeArguments(policy, configMap, namespace, mcpServer, upstream, port, bind, adminPort,
                adminBind == null ? bind : adminBind, apiKeys, auditLog, origins, hosts, maxBody, eventLoops,
                maxConnections, maxConnectionsPerAddress, maxSessions, adminKeys, approvalTtl, approvalUrl);
    }

    private static URI upstream(String value) {
        URI uri = URI.create(value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--upstream must be an http(s) URL, e.g. http://127.0.0.1:3000/mcp: " + value);
        }
        return uri;
    }

    private static String approvalUrl(String value) {
        URI uri = URI.create(value);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--approval-url must be an http(s) URL, e.g. https://toolgate.example.com: " + value);
        }
        return value;
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
        return builder;
    }
}
