package dev.toolgate.operator.reconciler;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.McpServerStatus;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.dependent.ApprovalStateSecretDependent;
import dev.toolgate.operator.dependent.PolicyConfigMapDependent;
import dev.toolgate.operator.dependent.ProxyDeploymentDependent;
import dev.toolgate.operator.dependent.ProxyNames;
import dev.toolgate.operator.dependent.ProxyRoleBindingDependent;
import dev.toolgate.operator.dependent.ProxyRoleDependent;
import dev.toolgate.operator.dependent.ProxyServiceAccountDependent;
import dev.toolgate.operator.dependent.ProxyServiceDependent;
import dev.toolgate.operator.dependent.AcceptsServiceAccountTokens;
import dev.toolgate.operator.dependent.ProxyTokenReviewBindingDependent;
import dev.toolgate.operator.policy.PolicyPlan;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.operator.status.StatusDiff;
import dev.toolgate.operator.status.StatusPatch;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Turns an McpServer into a running proxy: the owned objects are dependents in the workflow below; reconcile() only
 * derives the status. ToolPolicies are a secondary source mapped by spec.targetRef, so accepting, changing or
 * deleting one re-reconciles its McpServer and rewrites the policy ConfigMap.
 */
@Workflow(dependents = {
        @Dependent(name = McpServerReconciler.SERVICE_ACCOUNT, type = ProxyServiceAccountDependent.class),
        @Dependent(name = McpServerReconciler.ROLE, type = ProxyRoleDependent.class),
        @Dependent(name = McpServerReconciler.ROLE_BINDING, type = ProxyRoleBindingDependent.class,
                dependsOn = {McpServerReconciler.SERVICE_ACCOUNT, McpServerReconciler.ROLE}),
        @Dependent(name = McpServerReconciler.POLICY, type = PolicyConfigMapDependent.class),
        @Dependent(name = McpServerReconciler.APPROVAL_STATE, type = ApprovalStateSecretDependent.class),
        @Dependent(name = McpServerReconciler.DEPLOYMENT, type = ProxyDeploymentDependent.class,
                dependsOn = {McpServerReconciler.POLICY, McpServerReconciler.ROLE_BINDING, McpServerReconciler.APPROVAL_STATE}),
        @Dependent(name = McpServerReconciler.SERVICE, type = ProxyServiceDependent.class),
        @Dependent(name = McpServerReconciler.TOKEN_REVIEW_BINDING, type = ProxyTokenReviewBindingDependent.class,
                dependsOn = McpServerReconciler.SERVICE_ACCOUNT, activationCondition = AcceptsServiceAccountTokens.class)
})
@ControllerConfiguration(name = McpServerReconciler.NAME)
public class McpServerReconciler implements Reconciler<McpServer> {
    public static final String NAME = "mcpserver";
    public static final String READY = "Ready";
    public static final String POLICY_APPLIED = "PolicyApplied";
    static final String SERVICE_ACCOUNT = "serviceaccount";
    static final String ROLE = "role";
    static final String ROLE_BINDING = "rolebinding";
    static final String POLICY = "policy-configmap";
    static final String DEPLOYMENT = "deployment";
    static final String SERVICE = "service";
    static final String TOKEN_REVIEW_BINDING = "tokenreview-binding";
    static final String APPROVAL_STATE = "approval-state-secret";

    public static final String POLICY_CONFLICT_EVENT = "PolicyConflict";

    private final WarningEvents events;
    private final Clock clock;

    public McpServerReconciler(WarningEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, McpServer>> prepareEventSources(EventSourceContext<McpServer> context) {
        var toolPolicies = InformerEventSourceConfiguration.from(ToolPolicy.class, McpServer.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(McpServerReconciler::targetOf)
                .build();
        return List.of(new InformerEventSource<>(toolPolicies, context));
    }

    /**
     * The McpServers a ToolPolicy event concerns: its target, and the McpServer it targeted before (status.target),
     * so that one drops the policy when targetRef moves.
     */
    static Set<ResourceID> targetOf(ToolPolicy policy) {
        Set<ResourceID> targets = new java.util.HashSet<>();
        String namespace = policy.getMetadata().getNamespace();
        if (policy.getSpec() != null && policy.getSpec().getTargetRef() != null && policy.getSpec().getTargetRef().getName() != null) {
            targets.add(new ResourceID(policy.getSpec().getTargetRef().getName(), namespace));
        }
        if (policy.getStatus() != null && policy.getStatus().getTarget() != null) {
            targets.add(new ResourceID(policy.getStatus().getTarget(), namespace));
        }
        return targets;
    }

    @Override
    public UpdateControl<McpServer> reconcile(McpServer server, Context<McpServer> context) {
        PolicyPlan plan = PolicyConfigMapDependent.plan(server, context);
        McpServerStatus status = new McpServerStatus();
        status.setObservedGeneration(server.getMetadata().getGeneration());
        status.setEndpoint(ProxyNames.endpoint(server));
        status.setPolicies(plan.inForce());
        status.setPolicyCount(plan.inForce().size());
        var conditions = new Conditions(server.getStatus() == null ? null : server.getStatus().getConditions(),
                server.getMetadata().getGeneration(), clock);
        ready(server, context.getSecondaryResource(Deployment.class).orElse(null), conditions);
        conditions.set(POLICY_APPLIED, plan.applied(), plan.outcome().reason(), plan.message());
        status.setConditions(conditions.build());
        // status.tools and toolCounts are the proxy's: left out of the comparison and of what the operator applies
        if (!StatusDiff.changed(server.getStatus() == null ? null : server.getStatus().withoutProxyFields(), status)) {
            return UpdateControl.noUpdate();
        }
        if (plan.outcome() == PolicyPlan.Outcome.POLICY_CONFLICT && StatusDiff.changed(
                Conditions.find(server.getStatus() == null ? null : server.getStatus().getConditions(), POLICY_APPLIED).orElse(null),
                Conditions.find(status.getConditions(), POLICY_APPLIED).orElse(null))) {
            events.warn(context.getClient(), server, POLICY_CONFLICT_EVENT, "Merge", plan.message());
        }
        return UpdateControl.patchStatus(StatusPatch.of(McpServer::new, server, status));
    }

    private static void ready(McpServer server, Deployment deployment, Conditions conditions) {
        int wanted = server.getSpec().getReplicas() == null ? 1 : server.getSpec().getReplicas();
        int available = deployment == null || deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null
                ? 0 : deployment.getStatus().getAvailableReplicas();
        if (wanted == 0) {
            conditions.set(READY, false, "ScaledToZero", "spec.replicas is 0: no proxy pod runs.");
        } else if (available >= wanted) {
            conditions.set(READY, true, "ProxyAvailable", available + "/" + wanted + " proxy pods available at " + ProxyNames.endpoint(server) + ".");
        } else {
            conditions.set(READY, false, "ProxyUnavailable", available + "/" + wanted + " proxy pods available.");
        }
    }

    @Override
    public ErrorStatusUpdateControl<McpServer> updateErrorStatus(McpServer server, Context<McpServer> context, Exception e) {
        McpServerStatus previous = server.getStatus() == null ? new McpServerStatus() : server.getStatus();
        var conditions = new Conditions(previous.getConditions(), server.getMetadata().getGeneration(), clock);
        conditions.set(READY, false, "ReconcileError", String.valueOf(e.getMessage()));
        Conditions.find(previous.getConditions(), POLICY_APPLIED).ifPresent(c -> conditions.set(POLICY_APPLIED,
                Conditions.TRUE.equals(c.getStatus()), c.getReason(), c.getMessage()));
        McpServerStatus status = previous.withoutProxyFields();
        status.setConditions(conditions.build());
        if (!StatusDiff.changed(previous.withoutProxyFields(), status)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        return ErrorStatusUpdateControl.patchStatus(StatusPatch.of(McpServer::new, server, status));
    }
}
