package dev.toolgate.operator.reconciler;

import dev.toolgate.operator.customresource.PolicyDocument;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.customresource.ToolPolicyStatus;
import dev.toolgate.operator.policy.PolicyDocuments;
import dev.toolgate.operator.policy.PolicyValidator;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.operator.status.StatusDiff;
import dev.toolgate.operator.status.StatusPatch;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Clock;
import java.util.stream.Collectors;

/**
 * Validates a ToolPolicy with the policy language. Valid: Accepted=True and the spec becomes status.acceptedPolicy,
 * which is what the McpServer merges. Invalid: Accepted=False with every error line, a Warning Event, and
 * status.acceptedPolicy keeps the last good policy, which stays in force.
 */
@ControllerConfiguration(name = ToolPolicyReconciler.NAME)
public class ToolPolicyReconciler implements Reconciler<ToolPolicy> {
    public static final String NAME = "toolpolicy";
    public static final String ACCEPTED = "Accepted";
    public static final String INVALID_POLICY = "InvalidPolicy";

    private final PolicyValidator validator;
    private final WarningEvents events;
    private final Clock clock;

    public ToolPolicyReconciler(PolicyValidator validator, WarningEvents events, Clock clock) {
        this.validator = validator;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UpdateControl<ToolPolicy> reconcile(ToolPolicy policy, Context<ToolPolicy> context) {
        ToolPolicyStatus previous = policy.getStatus() == null ? new ToolPolicyStatus() : policy.getStatus();
        Long generation = policy.getMetadata().getGeneration();
        String source = "toolpolicy " + policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
        var document = PolicyDocuments.document(policy.getSpec());
        var conditions = new Conditions(previous.getConditions(), generation, clock);
        ToolPolicyStatus status = StatusDiff.copy(previous, ToolPolicyStatus.class);
        status.setObservedGeneration(generation);
        status.setTarget(policy.getSpec().getTargetRef() == null ? null : policy.getSpec().getTargetRef().getName());
        try {
            int tools = validator.validate(document, source);
            PolicyDocument accepted = PolicyDocuments.fromTree(document);
            status.setAcceptedPolicy(accepted);
            status.setAcceptedGeneration(generation);
            status.setToolsCovered(tools);
            conditions.set(ACCEPTED, true, "Valid", "The policy is valid and covers " + tools + (tools == 1 ? " tool entry." : " tool entries."));
            status.setConditions(conditions.build());
        } catch (InvalidPolicyException e) {
            String kept = previous.getAcceptedPolicy() == null
                    ? "No earlier version was accepted, so this ToolPolicy adds nothing to its McpServer's policy."
                    : "The policy accepted at generation " + previous.getAcceptedGeneration() + " stays in force.";
            String errors = e.errors().stream().map(PolicyError::toString).collect(Collectors.joining("\n"));
            conditions.set(ACCEPTED, false, INVALID_POLICY, e.errors().size() + " error(s); " + kept + "\n" + errors);
            status.setConditions(conditions.build());
            if (StatusDiff.changed(previous, status)) {
                events.warn(context.getClient(), policy, INVALID_POLICY, "Validate",
                        source + " is invalid (" + kept + "):\n" + errors);
            }
        }
        if (!StatusDiff.changed(policy.getStatus(), status)) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(StatusPatch.of(ToolPolicy::new, policy, status));
    }
}
