package dev.toolgate.operator.reconciler;

import dev.toolgate.contract.PolicyConfigMap;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.OperatorHarness;
import dev.toolgate.operator.TestValidators;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.policy.PolicyDocuments;
import dev.toolgate.operator.status.Conditions;
import dev.toolgate.policy.PolicyMerger;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator's reconcilers, running for real against the mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class McpServerReconcilerTest {
    private static final String NS = Fixtures.NAMESPACE;
    private static final String POLICY_CM = "conductor-toolgate-policy";
    private static final String PROXY = "conductor-toolgate";
    private static final String GUARDRAILS = """
            {"version":"1","default":"allow","hide":["delete_workflow"],"tools":{"run_workflow":{"rules":[
              {"name":"no-production","conditions":[{"path":"args.environment","op":"neq","value":"production"}],
               "on_deny":"not against production"}]}}}""";

    KubernetesMockServer server;
    KubernetesClient client;
    private OperatorHarness operator;

    @BeforeEach
    void startOperator() throws Exception {
        operator = OperatorHarness.start(client, TestValidators.current());
    }

    @AfterEach
    void stopOperator() {
        operator.close();
    }

    @Test
    void mcpServerWithPolicyYieldsTheOwnedObjects() throws Exception {
        McpServer mcp = create(Fixtures.withApiKeys(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"), "conductor-keys"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));

        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getStatus()).isEqualTo("True"));
        JsonNode policy = policyInConfigMap();
        assertThat(policy.path("default").asText()).isEqualTo("deny");
        assertThat(policy.path("tools").has("run_workflow")).isTrue();

        Deployment deployment = client.apps().deployments().inNamespace(NS).withName(PROXY).get();
        var proxy = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(proxy.getArgs()).containsExactly("serve", "--policy-configmap", POLICY_CM, "--mcp-server", "conductor",
                "--upstream", "http://conductor-mcp.tools.svc:8080/mcp", "--port", "8080", "--bind", "0.0.0.0",
                "--admin-port", "9090", "--approval-state-key-file", "/etc/toolgate/approval-state/key",
                "--api-keys", "/etc/toolgate/api-keys/api-keys.yaml");
        // the approval state key: made once by the operator, 32 random bytes, mounted into the pods
        var stateKey = client.secrets().inNamespace(NS).withName("conductor-toolgate-approval-state").get();
        assertThat(java.util.Base64.getDecoder().decode(stateKey.getData().get("key"))).hasSize(32);
        assertThat(stateKey.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("conductor"));
        assertThat(proxy.getImage()).isEqualTo("ghcr.io/toolgate/toolgate-proxy:0.1.0");
        assertThat(proxy.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(PROXY);
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName())
                .containsExactlyInAnyOrder("conductor-keys", "conductor-toolgate-approval-state");

        Service service = client.services().inNamespace(NS).withName(PROXY).get();
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("mcp:8080", "admin:9090");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        Role role = client.rbac().roles().inNamespace(NS).withName(PROXY).get();
        assertThat(role.getRules()).hasSize(5);
        assertThat(role.getRules().get(0).getResourceNames()).containsExactly(POLICY_CM);
        assertThat(role.getRules().get(0).getVerbs()).containsExactly("get", "list", "watch");
        assertThat(role.getRules().get(1).getResources()).containsExactly("mcpservers");
        assertThat(role.getRules().get(2).getResources()).containsExactly("mcpservers/status");
        assertThat(role.getRules().get(3).getApiGroups()).containsExactly("events.k8s.io");
        RoleBinding binding = client.rbac().roleBindings().inNamespace(NS).withName(PROXY).get();
        assertThat(binding.getSubjects().get(0).getName()).isEqualTo(PROXY);
        assertThat(binding.getRoleRef().getName()).isEqualTo(PROXY);
        ServiceAccount account = client.serviceAccounts().inNamespace(NS).withName(PROXY).get();

        String uid = mcpServer().getMetadata().getUid();
        for (HasMetadata owned : List.of(deployment, service, role, binding, account, configMap())) {
            assertThat(owned.getMetadata().getOwnerReferences()).as(owned.getKind())
                    .extracting(OwnerReference::getApiVersion, OwnerReference::getKind, OwnerReference::getName, OwnerReference::getUid)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("toolgate.dev/v1alpha1", "McpServer", "conductor", uid));
        }

        var status = mcpServer().getStatus();
        assertThat(status.getEndpoint()).isEqualTo("http://conductor-toolgate.tools.svc:8080/mcp");
        assertThat(status.getPolicies()).containsExactly("conductor-limits");
        assertThat(status.getObservedGeneration()).isEqualTo(mcp.getMetadata().getGeneration());
        assertThat(condition(mcpServer(), McpServerReconciler.READY).getReason()).isEqualTo("ProxyUnavailable");
        var accepted = condition(toolPolicy("conductor-limits"), ToolPolicyReconciler.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo("True");
        assertThat(toolPolicy("conductor-limits").getStatus().getToolsCovered()).isEqualTo(1);
    }

    @Test
    void noAcceptedPolicyDeniesEveryCallAndSaysSo() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));

        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getReason()).isEqualTo("NoAcceptedPolicy"));
        Condition applied = condition(mcpServer(), McpServerReconciler.POLICY_APPLIED);
        assertThat(applied.getStatus()).isEqualTo("False");
        assertThat(applied.getMessage()).contains("denies every tool call");
        assertThat(configMap().getData().get("policy.json")).isEqualTo("{\"version\":\"1\",\"default\":\"deny\",\"tools\":{}}");
        assertThat(dev.toolgate.policy.PolicyLoader.parse(PolicyConfigMap.DENY_ALL, "deny-all").defaultDeny()).isTrue();
        assertThat(mcpServer().getStatus().getPolicyCount()).isZero();
    }

    @Test
    void policyChangeRewritesTheConfigMapAndRestartsNothing() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(policyInConfigMap().at("/tools/run_workflow")).isNotEmpty());
        Deployment before = client.apps().deployments().inNamespace(NS).withName(PROXY).get();

        ToolPolicy edited = Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED.replace("\"max\":10", "\"max\":20"));
        client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").edit(tp -> {
            tp.setSpec(edited.getSpec());
            return tp;
        });

        await().untilAsserted(() -> assertThat(policyInConfigMap().toString()).contains("20"));
        Deployment after = client.apps().deployments().inNamespace(NS).withName(PROXY).get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
    }

    @Test
    void invalidPolicyIsRejectedWithAnEventAndTheLastGoodPolicyStays() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(policyInConfigMap().at("/tools/run_workflow")).isNotEmpty());
        String good = configMap().getData().get("policy.json");

        ToolPolicy broken = Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED.replace("\"minute\"", "\"minit\""));
        client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").edit(tp -> {
            tp.setSpec(broken.getSpec());
            return tp;
        });

        await().untilAsserted(() -> assertThat(condition(toolPolicy("conductor-limits"), ToolPolicyReconciler.ACCEPTED).getStatus()).isEqualTo("False"));
        ToolPolicy rejected = toolPolicy("conductor-limits");
        Condition accepted = condition(rejected, ToolPolicyReconciler.ACCEPTED);
        assertThat(accepted.getReason()).isEqualTo("InvalidPolicy");
        assertThat(accepted.getMessage()).contains("tools.run_workflow.limits[0].window: \"minit\" is not a window")
                .contains("stays in force");
        assertThat(accepted.getObservedGeneration()).isEqualTo(rejected.getMetadata().getGeneration());
        assertThat(rejected.getStatus().getAcceptedGeneration()).isLessThan(rejected.getMetadata().getGeneration());

        await().untilAsserted(() -> assertThat(client.events().v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("InvalidPolicy");
                    assertThat(e.getRegarding().getKind()).isEqualTo("ToolPolicy");
                    assertThat(e.getRegarding().getName()).isEqualTo("conductor-limits");
                    assertThat(e.getNote()).contains("minit");
                    assertThat(e.getReportingController()).isEqualTo("toolgate.dev/operator");
                }));
        assertThat(configMap().getData().get("policy.json")).isEqualTo(good);
        assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getStatus()).isEqualTo("True");
    }

    @Test
    void twoPoliciesAreMergedAsDocumented() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-run-workflow", "conductor", Fixtures.SEED));
        create(Fixtures.toolPolicy("conductor-guardrails", "conductor", GUARDRAILS));

        await().untilAsserted(() -> assertThat(policiesInForce())
                .containsExactly("conductor-guardrails", "conductor-run-workflow"));
        Condition applied = condition(mcpServer(), McpServerReconciler.POLICY_APPLIED);
        assertThat(applied.getStatus()).isEqualTo("True");
        assertThat(applied.getReason()).isEqualTo("MergedWithWarnings");
        assertThat(applied.getMessage()).contains("2 ToolPolicies conductor-guardrails, conductor-run-workflow in force", "default: deny wins");

        var expected = PolicyMerger.mergeDocuments(Map.of(
                "conductor-guardrails", PolicyDocuments.mapper().readTree(GUARDRAILS),
                "conductor-run-workflow", PolicyDocuments.mapper().readTree(Fixtures.SEED)));
        assertThat(configMap().getData().get("policy.json")).isEqualTo(PolicyDocuments.json(expected.document()));
        JsonNode policy = policyInConfigMap();
        assertThat(policy.path("default").asText()).isEqualTo("deny");
        assertThat(policy.path("hide").toString()).contains("delete_workflow");
        assertThat(policy.at("/tools/run_workflow/rules").findValuesAsText("name")).containsExactly(
                "conductor-guardrails/no-production", "conductor-run-workflow/run_workflow_rate");
    }

    @Test
    void conflictingPoliciesAreReportedAndThePreviousPolicyStays() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-run-workflow", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getReason()).isEqualTo("Merged"));
        String before = configMap().getData().get("policy.json");

        create(Fixtures.toolPolicy("a-workflow-globs", "conductor",
                "{\"version\":\"1\",\"tools\":{\"get_*\":{\"rate_limit\":\"100/minute\"}}}"));

        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getReason()).isEqualTo("PolicyConflict"));
        Condition applied = condition(mcpServer(), McpServerReconciler.POLICY_APPLIED);
        assertThat(applied.getStatus()).isEqualTo("False");
        assertThat(applied.getMessage()).contains("get_*", "conductor-run-workflow", "the previous policy stays in force");
        assertThat(configMap().getData().get("policy.json")).isEqualTo(before);
        assertThat(mcpServer().getStatus().getPolicies()).containsExactly("conductor-run-workflow");
        await().untilAsserted(() -> assertThat(client.events().v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> "PolicyConflict".equals(e.getReason())).singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getRegarding().getKind()).isEqualTo("McpServer");
                    assertThat(e.getNote()).contains("get_*");
                }));
    }

    @Test
    void deletingTheOnlyPolicyFailsClosed() {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(policyInConfigMap().at("/tools/run_workflow")).isNotEmpty());

        client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").delete();

        await().untilAsserted(() -> assertThat(configMap().getData().get("policy.json")).isEqualTo(PolicyConfigMap.DENY_ALL));
        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getReason()).isEqualTo("NoAcceptedPolicy"));
    }

    @Test
    void movingAPolicyToAnotherMcpServerUpdatesBoth() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.mcpServer("conductor-next", "http://conductor-next.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(policyInConfigMap().at("/tools/run_workflow")).isNotEmpty());

        client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").edit(tp -> {
            tp.getSpec().getTargetRef().setName("conductor-next");
            return tp;
        });

        await().untilAsserted(() -> assertThat(configMap().getData().get("policy.json")).isEqualTo(PolicyConfigMap.DENY_ALL));
        await().untilAsserted(() -> assertThat(client.configMaps().inNamespace(NS).withName("conductor-next-toolgate-policy").get()
                .getData().get("policy.json")).contains("conductor-limits/run_workflow_rate"));
    }

    @Test
    void aReconcileWithNothingChangedWritesNothing() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getStatus()).isEqualTo("True"));
        // settled: nothing written for a while
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> writes(drain()).isEmpty());

        int before = operator.reconciles("conductor");
        // a change the McpServer's workflow watches but that asks for nothing: a label on an owned object
        client.serviceAccounts().inNamespace(NS).withName(PROXY).edit(sa -> {
            sa.getMetadata().getLabels().put("example.com/touched", "yes");
            return sa;
        });
        await().until(() -> operator.reconciles("conductor") > before);

        List<String> writes = writes(drain());
        assertThat(writes).hasSize(1).allMatch(w -> w.contains("/serviceaccounts/" + PROXY)); // the test's own edit
    }

    @Test
    void aRestartedOperatorReconcilesEverythingAndWritesNothing() throws Exception {
        create(Fixtures.mcpServer("conductor", "http://conductor-mcp.tools.svc:8080/mcp"));
        create(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED));
        create(Fixtures.toolPolicy("conductor-broken", "conductor", Fixtures.SEED.replace("\"minute\"", "\"minit\"")));
        await().untilAsserted(() -> assertThat(condition(mcpServer(), McpServerReconciler.POLICY_APPLIED).getStatus()).isEqualTo("True"));
        await().untilAsserted(() -> assertThat(condition(toolPolicy("conductor-broken"), ToolPolicyReconciler.ACCEPTED).getStatus()).isEqualTo("False"));
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> writes(drain()).isEmpty());
        operator.close();
        drain();

        operator = OperatorHarness.start(client, TestValidators.current());
        await().until(() -> operator.reconciles("conductor") > 0 && operator.reconciles("conductor-limits") > 0
                && operator.reconciles("conductor-broken") > 0);

        // the approval-state key Secret is the one exception: the operator may not read Secrets, so a new operator process
        // asks once per McpServer to create it, and the API server's "already exists" changes nothing
        assertThat(writes(drain())).as("every status, owned object and Event is already as it should be")
                .allMatch(w -> w.equals("POST /api/v1/namespaces/" + NS + "/secrets"));
    }

    private List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    private static List<String> writes(List<RecordedRequest> requests) {
        return requests.stream()
                .filter(r -> !r.getMethod().equals("GET"))
                .map(r -> r.getMethod() + " " + r.getPath())
                .toList();
    }

    private <T extends HasMetadata> T create(T resource) {
        return client.resource(resource).inNamespace(NS).create();
    }

    private McpServer mcpServer() {
        return client.resources(McpServer.class).inNamespace(NS).withName("conductor").get();
    }

    private List<String> policiesInForce() {
        McpServer mcp = mcpServer();
        return mcp == null || mcp.getStatus() == null ? List.of() : mcp.getStatus().getPolicies();
    }

    private ToolPolicy toolPolicy(String name) {
        return client.resources(ToolPolicy.class).inNamespace(NS).withName(name).get();
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(NS).withName(POLICY_CM).get();
    }

    private JsonNode policyInConfigMap() throws Exception {
        ConfigMap cm = configMap();
        assertThat(cm).as("policy ConfigMap").isNotNull();
        String text = cm.getData().get("policy.json");
        // what the proxy will do with it: load it with the policy language
        dev.toolgate.policy.PolicyLoader.parse(text, "configmap " + POLICY_CM);
        return PolicyDocuments.mapper().readTree(text);
    }

    private static Condition condition(HasMetadata resource, String type) {
        assertThat(resource).isNotNull();
        List<Condition> conditions = resource instanceof McpServer m && m.getStatus() != null ? m.getStatus().getConditions()
                : resource instanceof ToolPolicy t && t.getStatus() != null ? t.getStatus().getConditions() : List.of();
        return Conditions.find(conditions, type).orElseThrow(() -> new AssertionError("no condition " + type + " on " + resource.getMetadata().getName()));
    }
}
