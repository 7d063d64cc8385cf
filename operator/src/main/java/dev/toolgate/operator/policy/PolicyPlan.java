package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.policy.PolicyMerger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the policy ConfigMap of one McpServer must hold and why: computed once per reconcile from the ToolPolicies
 * that target the McpServer, used by the ConfigMap dependent (content) and the reconciler (PolicyApplied condition).
 *
 * @param json     the document to write under {@code policy.json}
 * @param inForce  names of the ToolPolicies whose accepted policy {@code json} holds, in merge order
 * @param outcome  how the document came about
 * @param message  the PolicyApplied condition's message, in words
 */
public record PolicyPlan(String json, List<String> inForce, Outcome outcome, String message) {
    /** How the ConfigMap's policy came about; each is a reason of the PolicyApplied condition. */
    public enum Outcome {
        /** The accepted policies merged without any difference to resolve. */
        MERGED("Merged"),
        /** Merged; the merge rules resolved differences (e.g. default deny won), listed in the message. */
        MERGED_WITH_WARNINGS("MergedWithWarnings"),
        /** No ToolPolicy is accepted: every tool call is denied. */
        NO_ACCEPTED_POLICY("NoAcceptedPolicy"),
        /** The accepted policies contradict each other; the previous policy stays in force. */
        POLICY_CONFLICT("PolicyConflict");

        private final String reason;

        Outcome(String reason) {
            this.reason = reason;
        }

        /** The PolicyApplied condition's reason. */
        public String reason() {
            return reason;
        }
    }

    public PolicyPlan {
        inForce = List.copyOf(inForce);
    }

    public boolean applied() {
        return outcome == Outcome.MERGED || outcome == Outcome.MERGED_WITH_WARNINGS;
    }

    /**
     * @param server          the McpServer
     * @param toolPolicies    ToolPolicies in the McpServer's namespace (those targeting another McpServer are skipped)
     * @param currentPolicy   what the ConfigMap holds now (kept on a conflict)
     * @param previousInForce the ToolPolicies the McpServer's status last reported in force
     */
    public static PolicyPlan of(McpServer server, Collection<ToolPolicy> toolPolicies, Optional<String> currentPolicy,
                                List<String> previousInForce) {
        String name = server.getMetadata().getName();
        Map<String, JsonNode> accepted = toolPolicies.stream()
                .filter(tp -> tp.getSpec() != null && tp.getSpec().getTargetRef() != null
                        && name.equals(tp.getSpec().getTargetRef().getName()))
                .filter(tp -> tp.getMetadata().getDeletionTimestamp() == null)
                .filter(tp -> tp.getStatus() != null && tp.getStatus().getAcceptedPolicy() != null)
                .collect(Collectors.toMap(tp -> tp.getMetadata().getName(),
                        tp -> PolicyDocuments.document(tp.getStatus().getAcceptedPolicy()), (first, second) -> second, TreeMap::new));
        if (accepted.isEmpty()) {
            return new PolicyPlan(PolicyConfigMap.DENY_ALL, List.of(), Outcome.NO_ACCEPTED_POLICY,
                    "No accepted ToolPolicy targets this McpServer, so the proxy denies every tool call (fail closed). "
                            + "Create a ToolPolicy with spec.targetRef.name: " + name + ".");
        }
        List<String> names = List.copyOf(accepted.keySet());
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(accepted);
        if (!result.applicable()) {
            String kept = currentPolicy.isPresent() ? "the previous policy stays in force" : "every tool call is denied (fail closed)";
            return new PolicyPlan(currentPolicy.orElse(PolicyConfigMap.DENY_ALL),
                    currentPolicy.isPresent() ? previousInForce : List.of(), Outcome.POLICY_CONFLICT,
                    "ToolPolicies " + String.join(", ", names) + " conflict, " + kept + ": "
                            + String.join("; ", result.conflicts()));
        }
        String json = PolicyDocuments.json(result.document());
        String policies = (names.size() == 1 ? "ToolPolicy " : names.size() + " ToolPolicies ") + String.join(", ", names) + " in force";
        if (result.warnings().isEmpty()) {
            return new PolicyPlan(json, names, Outcome.MERGED, policies + ".");
        }
        return new PolicyPlan(json, names, Outcome.MERGED_WITH_WARNINGS,
                policies + "; resolved by the merge rules: " + String.join("; ", result.warnings()));
    }
}
