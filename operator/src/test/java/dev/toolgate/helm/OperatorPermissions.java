package dev.toolgate.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator needs and nothing more: the least-privilege list of issue #6 (and docs/operator.md),
 * as (apiGroup, resource) → verbs.
 */
final class OperatorPermissions {
    private static final Set<String> READ_WRITE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    static final Map<String, Set<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("toolgate.dev/mcpservers", Set.of("get", "list", "watch", "patch", "update")),
            Map.entry("toolgate.dev/toolpolicies", Set.of("get", "list", "watch", "patch", "update")),
            Map.entry("toolgate.dev/mcpservers/status", Set.of("get", "patch", "update")),
            Map.entry("toolgate.dev/toolpolicies/status", Set.of("get", "patch", "update")),
            Map.entry("toolgate.dev/mcpservers/finalizers", Set.of("update")),
            Map.entry("toolgate.dev/toolpolicies/finalizers", Set.of("update")),
            Map.entry("/configmaps", READ_WRITE),
            Map.entry("/services", READ_WRITE),
            Map.entry("/serviceaccounts", READ_WRITE),
            Map.entry("apps/deployments", READ_WRITE),
            Map.entry("rbac.authorization.k8s.io/roles", READ_WRITE),
            Map.entry("rbac.authorization.k8s.io/rolebindings", READ_WRITE),
            Map.entry("events.k8s.io/events", Set.of("create", "patch", "update")),
            Map.entry("/events", Set.of("create", "patch"))));

    private OperatorPermissions() {
    }

    /** Flattens rules to (group/resource → verbs); no wildcards, no resourceNames, no non-resource URLs. */
    static Map<String, Set<String>> flatten(List<PolicyRule> rules) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getNonResourceURLs()).as("non-resource URLs").isNullOrEmpty();
            assertThat(rule.getResourceNames()).as("resourceNames").isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    assertThat(group + resource + rule.getVerbs()).as("wildcard").doesNotContain("*");
                    granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return granted;
    }

    static void assertExactly(List<PolicyRule> rules) {
        Map<String, Set<String>> expected = new TreeMap<>();
        EXPECTED.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
        assertThat(flatten(rules)).isEqualTo(expected);
    }

    static Set<String> verbs(List<PolicyRule> rules, String group, String resource) {
        return flatten(rules).getOrDefault(group + "/" + resource, Set.of());
    }
}
