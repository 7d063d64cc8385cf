package dev.toolgate.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator needs and nothing more, as docs/operator.md lists it ("RBAC the operator needs"):
 * (apiGroup/resource) → verbs.
 */
final class OperatorPermissions {
    private static final Set<String> MANAGE = Set.of("get", "list", "watch", "create", "update", "patch");

    static final Map<String, Set<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("toolgate.dev/mcpservers", Set.of("get", "list", "watch")),
            Map.entry("toolgate.dev/toolpolicies", Set.of("get", "list", "watch")),
            Map.entry("toolgate.dev/mcpservers/status", Set.of("patch")),
            Map.entry("toolgate.dev/toolpolicies/status", Set.of("patch")),
            // only to grant it to the proxies' Roles (#19)
            Map.entry("toolgate.dev/toolcallapprovals", Set.of("create", "get", "list", "watch", "patch")),
            // the approvals API writes a person's decision (approvalsApi.enabled, the default)
            Map.entry("toolgate.dev/toolcallapprovals/status", Set.of("patch")),
            Map.entry("/configmaps", MANAGE),
            Map.entry("/services", MANAGE),
            Map.entry("/serviceaccounts", MANAGE),
            // each McpServer's approval state key (#19): created, never read (no get/list/watch) nor updated
            Map.entry("/secrets", Set.of("create")),
            Map.entry("apps/deployments", MANAGE),
            Map.entry("rbac.authorization.k8s.io/roles", MANAGE),
            Map.entry("rbac.authorization.k8s.io/rolebindings", MANAGE),
            Map.entry("events.k8s.io/events", Set.of("create", "patch", "update"))));

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
