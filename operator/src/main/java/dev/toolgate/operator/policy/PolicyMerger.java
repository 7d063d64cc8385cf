package dev.toolgate.operator.policy;

import java.util.List;

/** Merges several accepted policies, given in merge order (sorted by ToolPolicy name), into one document. */
@FunctionalInterface
public interface PolicyMerger {
    MergeResult merge(List<AcceptedPolicy> policies);
}
