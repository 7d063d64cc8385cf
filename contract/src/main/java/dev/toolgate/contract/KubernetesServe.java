package dev.toolgate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line the operator runs the proxy with in a pod: Kubernetes mode, the policy from the McpServer's
 * ConfigMap. The proxy parses {@link #args()} with its own {@code serve} parser.
 *
 * @param policyConfigMap the ConfigMap the proxy watches
 * @param mcpServer       the McpServer the proxy enforces for (named in its Events)
 * @param upstream        the URL of the upstream MCP server
 * @param port            the MCP port
 * @param bind            the address both the MCP and admin ports listen on
 * @param adminPort       the port of /metrics, /healthz and /readyz
 * @param apiKeys         the API keys file, or null when callers are anonymous
 * @param redis           shared counters in Redis, or null for counters in memory
 * @param trustAnnotations  {@code spec.tools.trustAnnotations}: the upstream's tool annotations are believed
 * @param onToolChange    {@code spec.tools.onChange}: {@code require_approval} or {@code deny}, or null for the proxy's
 *                        default
 */
public record KubernetesServe(PolicyConfigMap policyConfigMap, String mcpServer, String upstream, int port, String bind,
                              int adminPort, String apiKeys, RedisServe redis, boolean trustAnnotations,
                              String onToolChange) {
    /** Counters in memory, annotations untrusted, the proxy's default for changed tools. */
    public KubernetesServe(PolicyConfigMap policyConfigMap, String mcpServer, String upstream, int port, String bind,
                           int adminPort, String apiKeys) {
        this(policyConfigMap, mcpServer, upstream, port, bind, adminPort, apiKeys, null, false, null);
    }

    public KubernetesServe {
        Objects.requireNonNull(policyConfigMap, "policyConfigMap");
        Objects.requireNonNull(mcpServer, "mcpServer");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(bind, "bind");
    }

    /** The container's args: {@code serve} and its flags. */
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(ServeFlag.COMMAND));
        add(args, ServeFlag.POLICY_CONFIGMAP, policyConfigMap.name());
        add(args, ServeFlag.MCP_SERVER, mcpServer);
        add(args, ServeFlag.UPSTREAM, upstream);
        add(args, ServeFlag.PORT, String.valueOf(port));
        add(args, ServeFlag.BIND, bind);
        add(args, ServeFlag.ADMIN_PORT, String.valueOf(adminPort));
        if (apiKeys != null) {
            add(args, ServeFlag.API_KEYS, apiKeys);
        }
        if (redis != null) {
            args.addAll(redis.args());
        }
        if (trustAnnotations) {
            add(args, ServeFlag.TRUST_ANNOTATIONS, "true");
        }
        if (onToolChange != null) {
            add(args, ServeFlag.ON_TOOL_CHANGE, onToolChange);
        }
        return List.copyOf(args);
    }

    private static void add(List<String> args, ServeFlag flag, String value) {
        args.add(flag.text());
        args.add(value);
    }
}
