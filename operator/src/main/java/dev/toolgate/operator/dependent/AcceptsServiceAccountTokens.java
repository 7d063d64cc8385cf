package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The McpServer accepts ServiceAccount tokens ({@code spec.auth.serviceAccounts}): its proxy needs TokenReviews. */
public class AcceptsServiceAccountTokens implements Condition<ClusterRoleBinding, McpServer> {
    @Override
    public boolean isMet(DependentResource<ClusterRoleBinding, McpServer> dependent, McpServer server, Context<McpServer> context) {
        return server.getSpec().getAuth() != null && server.getSpec().getAuth().getServiceAccounts() != null;
    }
}
