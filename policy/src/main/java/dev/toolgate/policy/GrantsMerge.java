package dev.toolgate.policy;

import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@code grants:} sections of several ToolPolicies merge. Grants say who may call what, and they add up: a
 * subject may call every tool any ToolPolicy grants it (each ToolPolicy's tool rules still apply to the call, and any
 * deny still wins). Each entry keeps its ToolPolicy as origin, its limits apply to the tools it lists, with counters
 * private to its ToolPolicy, so when two ToolPolicies grant one subject a tool both limits apply (the stricter binds).
 * A ToolPolicy without {@code grants:} does not open the server to everybody: once any ToolPolicy has grants, every
 * call must be granted, and the merge says so in a warning. A grant does not undo another ToolPolicy's
 * {@code default: deny} either: a granted tool such a ToolPolicy does not list stays refused, with a warning.
 */
final class GrantsMerge {
    private GrantsMerge() {
    }

    /** The merged entries in ToolPolicy name order, or null when no policy has grants. */
    static List<Grant> merge(Map<String, Policy> byName, List<String> warnings) {
        List<String> with = byName.entrySet().stream().filter(e -> e.getValue().hasGrants()).map(Map.Entry::getKey).toList();
        if (with.isEmpty()) {
            return null;
        }
        List<String> without = byName.keySet().stream().filter(name -> !with.contains(name)).toList();
        if (!without.isEmpty()) {
            warnings.add("grants of " + String.join(", ", with) + " apply to every call: " + String.join(", ", without)
                    + " (no grants section) allow tools only to the subjects those grants name");
        }
        List<Grant> merged = new ArrayList<>();
        Map<String, List<String>> grantedBy = new LinkedHashMap<>();
        byName.forEach((name, policy) -> {
            if (!policy.hasGrants()) {
                return;
            }
            for (Grant grant : policy.grants()) {
                merged.add(new Grant(grant.subject(), grant.description(), grant.tools(),
                        grant.limits().stream().map(limit -> prefixed(name, grant, limit)).toList(), RuleOrigin.toolPolicy(name)));
                List<String> policies = grantedBy.computeIfAbsent(subjectKey(grant), k -> new ArrayList<>());
                if (!policies.contains(name)) {
                    policies.add(name);
                }
            }
        });
        noteGrantsDefaultDenyRefuses(byName, warnings);
        grantedBy.forEach((subject, policies) -> {
            if (policies.size() > 1) {
                warnings.add(subject + " is granted tools by " + String.join(", ", policies)
                        + ": it may call the tools of every entry, and each entry's limits apply to the tools that entry lists");
            }
        });
        return merged;
    }

    /** A tool granted by one ToolPolicy that a default-deny one does not list: that default still refuses it. */
    private static void noteGrantsDefaultDenyRefuses(Map<String, Policy> byName, List<String> warnings) {
        byName.forEach((name, policy) -> {
            if (!policy.hasGrants()) {
                return;
            }
            for (Grant grant : policy.grants()) {
                for (String tool : grant.tools()) {
                    List<String> refusing = byName.entrySet().stream()
                            .filter(e -> e.getValue().defaultAction() == DefaultAction.DENY && !Glob.isGlob(tool)
                                    && !PolicyMerger.lists(e.getValue(), tool))
                            .map(Map.Entry::getKey).toList();
                    if (!refusing.isEmpty()) {
                        warnings.add("tool \"" + tool + "\": granted to " + grant.subject() + " by " + name + ", not listed by "
                                + String.join(", ", refusing) + " (default: deny); deny wins");
                    }
                }
            }
        });
    }

    private static String subjectKey(Grant grant) {
        String identity = grant.subject().exactIdentity();
        return identity != null ? "identity: " + identity : grant.subject().toString();
    }

    /** A limit renamed into its ToolPolicy's counters: rule and counter {@code <policy>/<counter>}, as tools' counters are. */
    private static Rule prefixed(String policy, Grant grant, Rule limit) {
        CounterSpec spec = limit.counter();
        String counter = PolicyMerger.privateCounter(policy, spec.name());
        Condition max = limit.conditions().get(0);
        return new Rule(counter, limit.action(),
                List.of(new Condition(CounterSpec.statePath(grant.counterNamespace(), counter), max.op(), max.value())),
                limit.reason(), new CounterSpec(counter, spec.window(), spec.scope(), spec.increment(), spec.incrementFrom()),
                RuleOrigin.toolPolicy(policy));
    }
}
