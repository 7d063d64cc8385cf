package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolCallApproval;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * What a proxy may do with the API: read (get, and list/watch by name) its own policy ConfigMap and its own McpServer
 * (the accepted tool definitions), patch its McpServer's status (the tool inventory it records), report denials and
 * changed tools as events.k8s.io Events (create; patch and update for event series), and keep its approvals as
 * ToolCallApprovals (create, watch, patch their labels; never their status, where people decide). Nothing more.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyRoleDependent extends CRUDKubernetesDependentResource<Role, McpServer> {
    @Override
    protected Role desired(McpServer server, Context<McpServer> context) {
        return new RoleBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.proxy(server)))
                .withRules(
                        new PolicyRuleBuilder()
                                .withApiGroups("")
                                .withResources("configmaps")
                                .withResourceNames(ProxyNames.policyConfigMap(server).name())
                                .withVerbs("get", "list", "watch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups(McpServer.GROUP)
                                .withResources("mcpservers")
                                .withResourceNames(server.getMetadata().getName())
                                .withVerbs("get", "list", "watch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups(McpServer.GROUP)
                                .withResources("mcpservers/status")
                                .withResourceNames(server.getMetadata().getName())
                                .withVerbs("patch")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups("events.k8s.io")
                                .withResources("events")
                                .withVerbs("create", "patch", "update")
                                .build(),
                        new PolicyRuleBuilder()
                                .withApiGroups(McpServer.GROUP)
                                .withResources(ToolCallApproval.PLURAL)
                                .withVerbs("create", "get", "list", "watch", "patch")
                                .build())
                .build();
    }
}
