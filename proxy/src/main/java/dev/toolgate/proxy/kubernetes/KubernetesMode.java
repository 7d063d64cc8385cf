package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.counters.StoreHealth;
import dev.toolgate.proxy.inventory.InventoryArguments;
import dev.toolgate.proxy.inventory.ToolInventory;
import dev.toolgate.proxy.source.PolicySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code serve --policy-configmap} needs from the cluster: the policy from a watched ConfigMap and an audit
 * sink that reports denials as Events. Closing it stops the watch and the event worker (what is still queued is
 * not written; the audit log has it) and closes the client when this created it.
 *
 * @param policySource the ConfigMap-backed policy source
 * @param eventSink    reports denials as events.k8s.io/v1 Events (never blocks)
 * @param storeEvents  reports the shared counter store going away and coming back as Events on the McpServer
 * @param tools        the McpServer's accepted tool definitions and the inventory's status and Events; null without
 *                     {@code --mcp-server}
 */
public record KubernetesMode(PolicySource policySource, AuditSink eventSink, AutoCloseable resources,
                             StoreHealth.Listener storeEvents, McpServerToolSync tools) implements AutoCloseable {
    /** Without store Events and without the tool inventory's McpServer sync. */
    public KubernetesMode(PolicySource policySource, AuditSink eventSink, AutoCloseable resources) {
        this(policySource, eventSink, resources, NO_STORE_EVENTS, null);
    }

    /** For a mode built without a client to write Events with. */
    static final StoreHealth.Listener NO_STORE_EVENTS = new StoreHealth.Listener() {
        @Override
        public void lost(String cause) {
        }

        @Override
        public void back() {
        }
    };

    /**
     * The tool inventory: pinned to the McpServer's {@code spec.tools.accepted} and recorded in its status when
     * {@code --mcp-server} names it; otherwise as standalone (a {@code --tool-pins} file, or no pins).
     */
    public ToolInventory inventory(InventoryArguments arguments) {
        return tools == null ? arguments.inventory(null, change -> { }, Clock.systemUTC()) : tools.inventory(arguments);
    }

    /** How long {@link PolicySource#start} waits for the first read of the ConfigMap before starting with deny-all. */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Connects with the in-cluster ServiceAccount, else the current kubeconfig context.
     *
     * @param configMapName the ConfigMap holding the compiled policy under key {@code policy.json}
     * @param namespace     null: env POD_NAMESPACE, then the client's namespace
     * @param mcpServer     the McpServer events fall back to when no ToolPolicy rule decided; may be null
     */
    public static KubernetesMode create(String configMapName, String namespace, String mcpServer, MeterRegistry registry) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            return create(client, true, configMapName, namespace, mcpServer, registry, Clock.systemUTC(),
                    KubernetesEventSink.Settings.DEFAULTS, System.getenv());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * With a given client (e.g. the mock API server's), which closing this leaves open.
     *
     * @param clock drives the event write rate limit and series expiry
     */
    public static KubernetesMode create(KubernetesClient client, String configMapName, String namespace, String mcpServer,
                                        MeterRegistry registry, Clock clock, KubernetesEventSink.Settings settings) {
        return create(client, false, configMapName, namespace, mcpServer, registry, clock, settings, System.getenv());
    }

    static KubernetesMode create(KubernetesClient client, boolean ownsClient, String configMapName, String namespace,
                                 String mcpServer, MeterRegistry registry, Clock clock,
                                 KubernetesEventSink.Settings settings, Map<String, String> env) {
        if (configMapName == null || configMapName.isBlank()) {
            throw new IllegalArgumentException("--policy-configmap needs the name of a ConfigMap");
        }
        String ns = namespace(namespace, env, client);
        String pod = podName(env);
        RegardingObjects regarding = new RegardingObjects(ns, blankToNull(mcpServer), pod);
        ConfigMapPolicySource source = new ConfigMapPolicySource(client, ns, configMapName, SYNC_TIMEOUT, regarding::learn);
        KubernetesEventSink sink = new KubernetesEventSink(client, ns, regarding, pod, registry, clock, settings);
        CounterStoreEvents storeEvents = new CounterStoreEvents(client, ns, regarding, pod, clock);
        McpServerToolSync tools = mcpServer == null || mcpServer.isBlank() ? null
                : new McpServerToolSync(client, ns, mcpServer, pod, clock);
        if (tools != null) {
            tools.start(SYNC_TIMEOUT);
        }
        AutoCloseable resources = () -> {
            try {
                source.close();
                sink.close();
                storeEvents.close();
                if (tools != null) {
                    tools.close();
                }
            } finally {
                if (ownsClient) {
                    client.close();
                }
            }
        };
        return new KubernetesMode(source, sink, resources, storeEvents, tools);
    }

    /** The flag, else env POD_NAMESPACE (the downward API), else the client's namespace, else {@code default}. */
    static String namespace(String flag, Map<String, String> env, KubernetesClient client) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String fromEnv = env.get(PodEnvironment.POD_NAMESPACE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String fromClient = client.getNamespace();
        return fromClient == null || fromClient.isBlank() ? "default" : fromClient;
    }

    /** The Events' reportingInstance: env POD_NAME (the downward API), else the host name (a Pod's name by default). */
    static String podName(Map<String, String> env) {
        String pod = env.get(PodEnvironment.POD_NAME);
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "toolgate-proxy";
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
