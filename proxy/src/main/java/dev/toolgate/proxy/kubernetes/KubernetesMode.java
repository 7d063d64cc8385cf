package dev.toolgate.proxy.kubernetes;

import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.source.PolicySource;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What {@code serve --policy-configmap} needs from the cluster: the policy from a watched ConfigMap and an audit
 * sink that reports denials as Events. Closing it stops the watch, flushes what it can and closes the client.
 *
 * @param policySource the ConfigMap-backed policy source
 * @param eventSink    reports denials as events.k8s.io/v1 Events (never blocks)
 */
public record KubernetesMode(PolicySource policySource, AuditSink eventSink, AutoCloseable resources) implements AutoCloseable {

    /**
     * @param configMapName the ConfigMap holding the compiled policy under key {@code policy.json}
     * @param namespace     null: env POD_NAMESPACE, then the client's namespace
     * @param mcpServer     the McpServer events fall back to when no ToolPolicy rule decided; may be null
     */
    public static KubernetesMode create(String configMapName, String namespace, String mcpServer, MeterRegistry registry) {
        throw new UnsupportedOperationException("Kubernetes mode not implemented yet (issues #5, #6)");
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
