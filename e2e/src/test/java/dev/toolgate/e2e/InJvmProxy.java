package dev.toolgate.e2e;

import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.kubernetes.KubernetesApprovals;
import dev.toolgate.proxy.kubernetes.KubernetesEventSink;
import dev.toolgate.proxy.kubernetes.KubernetesMode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

/**
 * The proxy as the operator's Deployment runs it ({@code serve --policy-configmap <cm> --mcp-server <name>
 * --api-keys <mounted Secret>}), in this JVM, as the proxy ServiceAccount the operator created, in front of the demo
 * MCP server on loopback. The API-keys Secret is read once by the admin and written to a file, as the kubelet
 * would mount it.
 */
public final class InJvmProxy implements AutoCloseable {
    private final DemoMcpServer upstream;
    private final KubernetesClient client;
    private final KubernetesMode kubernetes;
    private final ProxyServer server;
    private final Path keys;
    private final KubernetesApprovals approvals;

    private InJvmProxy(DemoMcpServer upstream, KubernetesClient client, KubernetesMode kubernetes, ProxyServer server, Path keys,
                       KubernetesApprovals approvals) {
        this.approvals = approvals;
        this.upstream = upstream;
        this.client = client;
        this.kubernetes = kubernetes;
        this.server = server;
        this.keys = keys;
    }

    /**
     * @param clock the proxy's clock for counters: a fixed one keeps a test's calls in one rate-limit window
     */
    public static InJvmProxy start(ControlPlane cluster, String namespace, String mcpServer, String apiKeysSecret,
                                   Clock clock) throws Exception {
        return start(cluster, namespace, mcpServer, apiKeysSecret, clock, false);
    }

    /** @param approvals keep approvals as ToolCallApprovals, decided by writing their status (what serve does) */
    public static InJvmProxy start(ControlPlane cluster, String namespace, String mcpServer, String apiKeysSecret,
                                   Clock clock, boolean approvals) throws Exception {
        return start(cluster, namespace, mcpServer, apiKeysSecret, clock, approvals, null);
    }

    /** @param approvalUrl {@code --approval-url} as parsed, the agents' links; null: the admin port's address */
    public static InJvmProxy start(ControlPlane cluster, String namespace, String mcpServer, String apiKeysSecret,
                                   Clock clock, boolean approvals, String approvalUrl) throws Exception {
        Path keys = Files.createTempFile("api-keys", ".yaml");
        try (var admin = cluster.adminClient()) {
            Secret secret = admin.secrets().inNamespace(namespace).withName(apiKeysSecret).get();
            Files.write(keys, Base64.getDecoder().decode(secret.getData().get("api-keys.yaml")));
        }
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DemoMcpServer upstream = DemoMcpServer.start(0);
        KubernetesClient client = cluster.clientAs(new ServiceAccountName(namespace, mcpServer + "-toolgate"));
        KubernetesMode kubernetes = KubernetesMode.create(client, mcpServer + "-toolgate-policy", namespace, mcpServer,
                registry, Clock.systemUTC(), KubernetesEventSink.Settings.DEFAULTS);
        KubernetesApprovals mirror = approvals
                ? new KubernetesApprovals(client, namespace, mcpServer, mcpServer + "-toolgate-policy") : null;
        ApprovalOptions approvalOptions = (approvals ? ApprovalOptions.OFF.withMirror(mirror, mcpServer) : ApprovalOptions.OFF)
                .withPublicUrl(approvalUrl);
        ProxyServer server = ProxyServer.start(ProxyOptions.builder(upstream.mcpUri()).port(0).eventLoops(1).clock(clock)
                .apiKeys(ApiKeys.load(keys)).registry(registry).sink(kubernetes.eventSink()).build(), kubernetes.policySource(),
                approvalOptions);
        return new InJvmProxy(upstream, client, kubernetes, server, keys, mirror);
    }

    public String mcpUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
        if (approvals != null) {
            approvals.close();
        }
        kubernetes.close();
        client.close();
        upstream.close();
        Files.deleteIfExists(keys);
    }

}
