package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The proxy pods' identity; the Role bound to it lets them read their ConfigMap and write Events. */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, McpServer> {
    @Override
    protected ServiceAccount desired(McpServer server, Context<McpServer> context) {
        return new ServiceAccountBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.proxy(server)))
                .build();
    }
}
