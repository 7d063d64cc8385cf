package dev.toolgate.operator.policy;

import java.util.List;

/** Placeholder until the policy model lands: only a single policy "merges". */
public final class PolicyMerge implements PolicyMerger {
    @Override
    public MergeResult merge(List<AcceptedPolicy> policies) {
        return new MergeResult(policies.get(0).document(), List.of(), List.of());
    }
}
