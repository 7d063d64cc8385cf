package dev.toolgate.operator.policy;

import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.PolicyMerger;
import dev.toolgate.policy.PolicyWriter;
import dev.toolgate.policy.model.Policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Merges the accepted ToolPolicies of one McpServer with the policy language's own {@link PolicyMerger}, so the
 * operator and the proxy share one definition of the merge: rules {@code <ToolPolicy>/<rule>}, every limit applies,
 * deny beats allow, {@code default: deny} if any says so (see docs/operator.md).
 */
public final class PolicyMerge {

    public MergeResult merge(List<AcceptedPolicy> policies) {
        List<String> invalid = new ArrayList<>();
        Map<String, Policy> models = new LinkedHashMap<>();
        for (AcceptedPolicy accepted : policies) {
            try {
                models.put(accepted.name(), PolicyLoader.fromTree(accepted.document(), "toolpolicy " + accepted.name()).model());
            } catch (InvalidPolicyException e) {
                invalid.add("ToolPolicy " + accepted.name() + " no longer validates: "
                        + e.errors().stream().map(PolicyError::toString).collect(Collectors.joining("; ")));
            }
        }
        if (!invalid.isEmpty()) {
            return new MergeResult(null, List.of(), invalid);
        }
        PolicyMerger.Result result = PolicyMerger.merge(models);
        return new MergeResult(result.applicable() ? PolicyWriter.toTree(result.policy()) : null, result.warnings(), result.conflicts());
    }
}
