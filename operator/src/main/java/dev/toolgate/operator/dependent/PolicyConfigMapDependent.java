package dev.toolgate.operator.dependent;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.policy.PolicyDocuments;
import dev.toolgate.operator.policy.PolicyPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The merged policy of the McpServer's accepted ToolPolicies, under key {@value PolicyConfigMap#KEY}. The proxy watches this
 * ConfigMap through the API and swaps the policy in place (counters kept), so a change here restarts nothing.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class PolicyConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, McpServer> {
    @Override
    protected ConfigMap desired(McpServer server, Context<McpServer> context) {
        PolicyPlan plan = plan(server, context);
        return new ConfigMapBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.policyConfigMap(server).name()))
                .editMetadata().withAnnotations(Map.of(PolicyConfigMap.TOOL_POLICY_UIDS_ANNOTATION, toolPolicyUids(plan, context))).endMetadata()
                .withData(Map.of(PolicyConfigMap.KEY, plan.json()))
                .build();
    }

    /**
     * Name → UID of the ToolPolicies in force, as sorted JSON: the proxy's Events carry the UID of the ToolPolicy that
     * decided, which {@code kubectl describe toolpolicy} needs to find them.
     */
    static String toolPolicyUids(PolicyPlan plan, Context<McpServer> context) {
        Map<String, String> uids = new TreeMap<>();
        for (ToolPolicy policy : context.getSecondaryResources(ToolPolicy.class)) {
            String name = policy.getMetadata().getName();
            if (plan.inForce().contains(name) && policy.getMetadata().getUid() != null) {
                uids.put(name, policy.getMetadata().getUid());
            }
        }
        return PolicyDocuments.json(PolicyDocuments.mapper().valueToTree(uids));
    }

    /** The plan of this reconcile, computed once so the ConfigMap and the status describe the same merge. */
    public static PolicyPlan plan(McpServer server, Context<McpServer> context) {
        var shared = context.managedWorkflowAndDependentResourceContext();
        Optional<PolicyPlan> computed = shared.get(PolicyPlan.class, PolicyPlan.class);
        if (computed.isPresent()) {
            return computed.get();
        }
        Optional<String> current = context.getSecondaryResource(ConfigMap.class)
                .map(ConfigMap::getData)
                .map(data -> data.get(PolicyConfigMap.KEY));
        List<String> previous = server.getStatus() == null ? List.of() : server.getStatus().getPolicies();
        PolicyPlan plan = PolicyPlan.of(server, context.getSecondaryResources(ToolPolicy.class), current,
                previous == null ? List.of() : previous);
        shared.put(PolicyPlan.class, plan);
        return plan;
    }
}
