package dev.toolgate.operator.dependent;

import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.customresource.ToolPolicyStatus;
import dev.toolgate.operator.policy.PolicyDocuments;
import dev.toolgate.operator.policy.PolicyPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyConfigMapDependentTest {
    private final McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
    private final PolicyConfigMapDependent dependent = new PolicyConfigMapDependent();

    @Test
    void withoutAcceptedToolPoliciesEveryCallIsDenied() {
        ToolPolicy notYetAccepted = Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED);
        ConfigMap configMap = dependent.desired(server, new StubContext(server, notYetAccepted));

        assertThat(configMap.getMetadata().getName()).isEqualTo("conductor-toolgate-policy");
        assertThat(configMap.getData()).containsOnlyKeys("policy.json")
                .containsEntry("policy.json", "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{}}");
    }

    @Test
    void holdsTheAcceptedPolicyOfTheToolPoliciesTargetingThisMcpServerOnly() throws Exception {
        ToolPolicy mine = accepted(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        ToolPolicy other = accepted(Fixtures.toolPolicy("github-limits", "github", "{\"version\":\"1\",\"tools\":{\"x\":{\"action\":\"deny\"}}}"));
        mine.getMetadata().setUid("uid-conductor-limits");
        other.getMetadata().setUid("uid-github-limits");
        var context = new StubContext(server, mine, other);

        ConfigMap configMap = dependent.desired(server, context);

        var policy = PolicyDocuments.mapper().readTree(configMap.getData().get("policy.json"));
        assertThat(policy.path("tools").fieldNames()).toIterable().containsExactly("run_workflow");
        assertThat(policy.at("/tools/run_workflow/rules/0/name").asText()).isEqualTo("conductor-limits/run_workflow_rate");
        PolicyPlan plan = context.managedWorkflowAndDependentResourceContext().getMandatory(PolicyPlan.class, PolicyPlan.class);
        assertThat(plan.inForce()).containsExactly("conductor-limits");
        assertThat(plan.outcome()).isEqualTo(PolicyPlan.Outcome.MERGED);
        // the proxy's Events regard the deciding ToolPolicy by UID, so kubectl describe finds them
        assertThat(configMap.getMetadata().getAnnotations())
                .containsEntry("toolgate.dev/toolpolicy-uids", "{\"conductor-limits\":\"uid-conductor-limits\"}");
    }

    @Test
    void aConflictKeepsWhatTheConfigMapHolds() {
        ToolPolicy seed = accepted(Fixtures.toolPolicy("b-seed", "conductor", Fixtures.SEED));
        ToolPolicy globs = accepted(Fixtures.toolPolicy("a-globs", "conductor", "{\"version\":\"1\",\"tools\":{\"get_*\":{}}}"));
        ConfigMap current = new ConfigMapBuilder().withNewMetadata().withName("conductor-toolgate-policy").endMetadata()
                .addToData("policy.json", "{\"previous\":true}").build();

        ConfigMap configMap = dependent.desired(server, new StubContext(server, seed, globs, current));

        assertThat(configMap.getData()).containsEntry("policy.json", "{\"previous\":true}");
    }

    private static ToolPolicy accepted(ToolPolicy policy) {
        var status = new ToolPolicyStatus();
        status.setAcceptedPolicy(PolicyDocuments.fromTree(PolicyDocuments.document(policy.getSpec())));
        policy.setStatus(status);
        return policy;
    }
}
