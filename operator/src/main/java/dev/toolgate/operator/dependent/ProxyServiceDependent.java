package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ClusterIP Service agents connect to (port mcp) and Prometheus scrapes (port admin, /metrics). Client-IP
 * affinity: a proxy binds an MCP session to the identity that opened it and knows only the sessions it saw the
 * upstream accept, so an agent's requests must keep reaching the replica its session started on.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyServiceDependent extends CRUDKubernetesDependentResource<Service, McpServer> {
    @Override
    protected Service desired(McpServer server, Context<McpServer> context) {
        return new ServiceBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.proxy(server)))
                .withNewSpec()
                .withType("ClusterIP")
                .withSessionAffinity("ClientIP")
                .withSelector(ProxyNames.selector(server))
                .withPorts(
                        new ServicePortBuilder().withName("mcp").withProtocol("TCP")
                                .withPort(ProxyNames.servicePort(server)).withTargetPort(new IntOrString("mcp")).build(),
                        new ServicePortBuilder().withName("admin").withProtocol("TCP")
                                .withPort(ProxyNames.ADMIN_PORT).withTargetPort(new IntOrString("admin")).build())
                .endSpec()
                .build();
    }
}
