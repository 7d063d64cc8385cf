package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The merge of the accepted ToolPolicies of one McpServer.
 *
 * @param document  the merged policy document, or null when conflicts make a merge impossible
 * @param warnings  differences the documented merge rules resolved (e.g. different defaults: deny wins)
 * @param conflicts differences no rule resolves (e.g. one counter defined differently); the merge is not applied
 */
public record MergeResult(JsonNode document, List<String> warnings, List<String> conflicts) {
    public MergeResult {
        warnings = List.copyOf(warnings);
        conflicts = List.copyOf(conflicts);
    }

    public boolean applicable() {
        return document != null && conflicts.isEmpty();
    }
}
