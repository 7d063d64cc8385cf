package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Binds the proxy's Role to its ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyRoleBindingDependent extends CRUDKubernetesDependentResource<RoleBinding, McpServer> {
    @Override
    protected RoleBinding desired(McpServer server, Context<McpServer> context) {
        String name = ProxyNames.proxy(server);
        return new RoleBindingBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, name))
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(server.getMetadata().getNamespace())
                .endSubject()
                .build();
    }
}
