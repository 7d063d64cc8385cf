package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Item 5 of issue #16, the README's Kubernetes section run for real, step by step in order: the chart installed,
 * {@code examples/} applied with kubectl, the operator (as its ServiceAccount) creating the proxy's objects with
 * server-side apply and writing status, a proxy in Kubernetes mode (as the proxy ServiceAccount) loading the policy
 * from its ConfigMap, an MCP client allowed, denied and rate-limited, the refusals seen with kubectl, a changed
 * ToolPolicy enforced within 2 s, an invalid one refused with the last good policy kept, and deny-all once the last
 * ToolPolicy is gone. Item 4's "no 403 anywhere" is checked on the same run.
 */
@ExtendWith(RealApiServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "agents";
    private static final ServiceAccountName PROXY = new ServiceAccountName(NS, "conductor-toolgate");
    private static final Map<String, Object> NIGHTLY = Map.of("name", "nightly");

    /** examples/conductor-toolpolicy.yaml with one more tool entry. */
    private static final String RUN_WORKFLOW_POLICY = """
            apiVersion: toolgate.dev/v1alpha1
            kind: ToolPolicy
            metadata:
              name: conductor-run-workflow
            spec:
              targetRef:
                name: conductor
              version: "1"
              default: deny
              tools:
                run_workflow:
                  limits:
                    - counter: run_workflow_rate
                      window: minute
                      max: 10
                      scope: grant
                %s
            """;

    private static int auditMark;
    private static InJvmOperator operator;
    private static InJvmProxy proxy;
    private static Agent alice;

    @BeforeAll
    static void installAndApply(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        // other test classes on the shared server provoke 403s on purpose: count only this flow's requests
        auditMark = cluster.audit().mark();
        Kubectl kubectl = cluster.kubectl();
        kubectl.run("create", "namespace", NS).orFail();
        kubectl.run("-n", NS, "apply", "-f", "examples/conductor-mcpserver.yaml").orFail();
        kubectl.run("-n", NS, "apply", "-f", "examples/conductor-toolpolicy.yaml").orFail();
        operator = InJvmOperator.start(cluster, NS);
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(alice, proxy, operator);
    }

    @Test
    @Order(1)
    void theOperatorCreatesTheProxyObjectsWithServerSideApplyAndWritesStatus(ControlPlane cluster) {
        Kubectl kubectl = cluster.kubectl();
        await().atMost(Duration.ofSeconds(60)).until(() -> condition(kubectl, "toolpolicy", "conductor-run-workflow", "Accepted").equals("True")
                && condition(kubectl, "mcpserver", "conductor", "PolicyApplied").equals("True"));

        // JOSDK writes ConfigMaps (and Secrets) with update, every other dependent with server-side apply
        for (String owned : List.of("configmap/conductor-toolgate-policy", "deployment/conductor-toolgate",
                "service/conductor-toolgate", "serviceaccount/conductor-toolgate", "role/conductor-toolgate",
                "rolebinding/conductor-toolgate")) {
            JsonNode object = get(kubectl, owned);
            assertThat(object.at("/metadata/ownerReferences/0/name").asText()).as(owned).isEqualTo("conductor");
            if (owned.startsWith("configmap/")) {
                continue;
            }
            List<String> operations = StreamSupport.stream(object.at("/metadata/managedFields").spliterator(), false)
                    .map(f -> f.path("operation").asText()).toList();
            assertThat(operations).as(owned + " written by server-side apply").contains("Apply");
        }
        JsonNode policy = get(kubectl, "configmap/conductor-toolgate-policy");
        assertThat(policy.at("/metadata/annotations/toolgate.dev~1toolpolicy-uids").asText())
                .contains("conductor-run-workflow");
        JsonNode server = get(kubectl, "mcpserver/conductor");
        assertThat(server.at("/status/endpoint").asText()).isEqualTo("http://conductor-toolgate.agents.svc:8080/mcp");
        assertThat(server.at("/metadata/managedFields")).as("status written by server-side apply of /status")
                .anyMatch(f -> f.path("operation").asText().equals("Apply") && f.path("subresource").asText().equals("status"));
    }

    @Test
    @Order(2)
    void aProxyAsItsServiceAccountAllowsDeniesAndRateLimits(ControlPlane cluster) throws Exception {
        // counters use UTC calendar minutes: a fixed clock keeps the eleven calls in one minute
        proxy = InJvmProxy.start(cluster, NS, "conductor", "conductor-api-keys",
                Clock.fixed(Instant.parse("2026-12-02T12:00:30Z"), ZoneOffset.UTC));
        alice = Agent.connect(proxy.mcpUrl(), "change-me-alice");

        for (int i = 0; i < 10; i++) {
            var allowed = alice.call("run_workflow", NIGHTLY);
            assertThat(allowed.isError()).as("call %d of 10: %s", i + 1, Agent.text(allowed)).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(alice.refused("run_workflow", NIGHTLY)).as("the eleventh call in a minute").isTrue();
        assertThat(alice.refused("delete_workflow", Map.of("workflowId", "wf-1"))).as("default: deny").isTrue();
    }

    @Test
    @Order(3)
    void kubectlShowsTheRefusals(ControlPlane cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        await().atMost(Duration.ofSeconds(10)).until(() -> !kubectl.run("-n", NS, "get", "events",
                "--field-selector", "reason=RateLimited", "-o", "name").orFail().out().isBlank());

        JsonNode events = JSON.readTree(kubectl.run("-n", NS, "get", "events", "--field-selector", "reason=RateLimited",
                "-o", "json").orFail().out()).path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).at("/involvedObject/kind").asText()).isEqualTo("ToolPolicy");
        assertThat(events.get(0).at("/involvedObject/name").asText()).isEqualTo("conductor-run-workflow");

        String described = kubectl.run("-n", NS, "describe", "toolpolicy", "conductor-run-workflow").orFail().out();
        assertThat(described).contains("Events:").containsPattern("Warning\\s+RateLimited")
                .contains("Tool call \"run_workflow\" by identity \"alice\"");
    }

    @Test
    @Order(4)
    void aChangedToolPolicyIsEnforcedWithinTwoSeconds(ControlPlane cluster) {
        Map<String, Object> none = Map.of();
        assertThat(alice.refused("list_workflows", none)).as("not listed yet: default deny").isTrue();

        cluster.kubectl().runWithInput(RUN_WORKFLOW_POLICY.formatted("list_workflows: {}"), "-n", NS, "apply", "-f", "-").orFail();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !alice.refused("list_workflows", none));
    }

    @Test
    @Order(5)
    void anInvalidToolPolicyIsMarkedNotAcceptedAndTheLastGoodPolicyStays(ControlPlane cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        String before = get(kubectl, "configmap/conductor-toolgate-policy").at("/data/policy.json").asText();
        // valid for the schema, invalid for the language (RE2 cannot compile the pattern): only the operator can tell
        String invalid = "list_workflows:\n      rules:\n        - name: bad\n          conditions: [{path: args.name, op: regex, value: \"([\"}]";
        kubectl.runWithInput(RUN_WORKFLOW_POLICY.formatted(invalid), "-n", NS, "apply", "-f", "-").orFail();

        await().atMost(Duration.ofSeconds(30)).until(() -> condition(kubectl, "toolpolicy", "conductor-run-workflow", "Accepted").equals("False"));
        assertThat(kubectl.run("-n", NS, "describe", "toolpolicy", "conductor-run-workflow").orFail().out())
                .contains("InvalidPolicy").contains("stays in force");
        assertThat(get(kubectl, "configmap/conductor-toolgate-policy").at("/data/policy.json").asText()).isEqualTo(before);
        assertThat(alice.refused("list_workflows", Map.of())).as("the last good policy is still enforced").isFalse();
    }

    @Test
    @Order(6)
    void deletingTheLastToolPolicyMakesTheProxyDenyEverything(ControlPlane cluster) {
        cluster.kubectl().run("-n", NS, "delete", "toolpolicy", "conductor-run-workflow").orFail();

        await().atMost(Duration.ofSeconds(30)).until(() -> alice.refused("list_workflows", Map.of()));
        assertThat(condition(cluster.kubectl(), "mcpserver", "conductor", "PolicyApplied")).isEqualTo("False");
    }

    @Test
    @Order(7)
    void neitherTheOperatorNorTheProxyWasRefusedAnythingOrAnsweredAConflict(ControlPlane cluster) {
        AuditLog audit = cluster.audit();
        assertThat(audit.answered(auditMark, ToolgateChart.OPERATOR.username(), 403)).isEmpty();
        assertThat(audit.answered(auditMark, PROXY.username(), 403)).isEmpty();
        assertThat(audit.answered(auditMark, ToolgateChart.OPERATOR.username(), 409))
                .as("status writes carry no stale resourceVersion").isEmpty();
        assertThat(audit.since(auditMark)).as("the audit log saw both at work")
                .anyMatch(e -> e.user().equals(PROXY.username()) && e.verb().equals("watch"))
                .anyMatch(e -> e.user().equals(ToolgateChart.OPERATOR.username()) && e.verb().equals("patch"));
    }

    private static String condition(Kubectl kubectl, String kind, String name, String type) {
        return kubectl.run("-n", NS, "get", kind, name, "-o",
                "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status}").out();
    }

    private static JsonNode get(Kubectl kubectl, String object) {
        try {
            return JSON.readTree(kubectl.run("-n", NS, "get", object, "-o", "json", "--show-managed-fields").orFail().out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
