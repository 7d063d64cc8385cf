package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * Lets a proxy that accepts ServiceAccount tokens create TokenReviews, and nothing else: a ClusterRoleBinding of the
 * chart's ClusterRole (create on {@code tokenreviews}, nothing more) to the proxy's ServiceAccount. TokenReviews are
 * cluster-scoped, so a namespaced Role cannot grant them; and a cluster-scoped object cannot be owned by a namespaced
 * McpServer, so it is tied to its McpServer by annotations (the SDK maps it back) and named after it,
 * {@code toolgate-tokenreview:<namespace>:<mcpserver>} (colons cannot occur in either name, so two McpServers never
 * share one). Created only for McpServers with {@code spec.auth.serviceAccounts} (an activation condition: without
 * one, the operator does not even watch ClusterRoleBindings).
 *
 * <p>Created and updated, never deleted by the operator: deleting would make it a cleaner, which puts a finalizer on
 * every McpServer (and needs the right to patch them). A binding left after its McpServer is deleted names a
 * ServiceAccount that was deleted with it (the account is owned by the McpServer), so it grants nothing until an
 * account of that name exists in that namespace again; docs/operator.md says how to remove such bindings.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyTokenReviewBindingDependent extends KubernetesDependentResource<ClusterRoleBinding, McpServer>
        implements Creator<ClusterRoleBinding, McpServer>, Updater<ClusterRoleBinding, McpServer> {
    private final ProxySettings settings;

    public ProxyTokenReviewBindingDependent() {
        this(ProxySettings.fromEnvironment(System.getenv()));
    }

    public ProxyTokenReviewBindingDependent(ProxySettings settings) {
        this.settings = settings;
    }

    public static String name(McpServer server) {
        return "toolgate-tokenreview:" + server.getMetadata().getNamespace() + ":" + server.getMetadata().getName();
    }

    @Override
    protected ClusterRoleBinding desired(McpServer server, Context<McpServer> context) {
        return new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(name(server)).withLabels(ProxyNames.labels(server)).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", settings.tokenReviewClusterRole())
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ProxyNames.proxy(server))
                .withNamespace(server.getMetadata().getNamespace())
                .endSubject()
                .build();
    }
}
