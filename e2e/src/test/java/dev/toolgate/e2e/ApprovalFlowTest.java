package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #19 end to end on the real API server: the operator's proxy (as its ServiceAccount, with the Role the operator
 * made) turns a call needing approval into a ToolCallApproval owned by the McpServer; a person with RBAC on
 * {@code toolcallapprovals/status} approves it with {@code kubectl toolgate}; the agent's identical retry runs, and
 * the proxy marks the approval consumed.
 */
@ExtendWith(RealApiServer.class)
class ApprovalFlowTest {
    private static final String NS = "approval-flow";
    private static final ServiceAccountName APPROVER = new ServiceAccountName(NS, "approver");
    private static final Map<String, Object> PROD = Map.of("name", "prod");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InJvmOperator operator;
    private static InJvmProxy proxy;
    private static Agent alice;

    @BeforeAll
    static void install(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        Kubectl kubectl = cluster.kubectl();
        ApprovalScenario.install(kubectl, NS, new String[0]);
        operator = InJvmOperator.start(cluster, NS);
        ApprovalScenario.awaitPolicyInForce(kubectl, NS);
        proxy = InJvmProxy.start(cluster, NS, "conductor", "conductor-api-keys", Clock.systemUTC(), true);
        alice = Agent.connect(proxy.mcpUrl(), "change-me-alice");
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(alice, proxy, operator);
    }

    private static GenericKubernetesResource approval(ControlPlane cluster, String name) {
        try (var admin = cluster.adminClient()) {
            return admin.genericKubernetesResources("toolgate.dev/v1alpha1", "ToolCallApproval").inNamespace(NS)
                    .withName(name).get();
        }
    }

    @Test
    void aCallNeedingApprovalBecomesAToolCallApprovalAndRunsOnceAPersonApprovesIt(ControlPlane cluster) throws Exception {
        CallToolResult pending = alice.call("run_workflow", PROD);
        assertThat(pending.isError()).isTrue();
        JsonNode decision = JSON.valueToTree(pending.meta()).path("dev.toolgate/decision");
        assertThat(decision.path("decision").asText()).isEqualTo("approval_pending");
        String id = decision.path("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> approval(cluster, id) != null);
        GenericKubernetesResource created = approval(cluster, id);
        JsonNode spec = JSON.valueToTree(created.getAdditionalProperties().get("spec"));
        assertThat(spec.path("tool").asText()).isEqualTo("run_workflow");
        assertThat(spec.path("identity").asText()).isEqualTo("alice");
        assertThat(spec.path("rule").asText()).isEqualTo("prod-needs-approval/prod needs approval");
        assertThat(JSON.readTree(spec.path("preview").asText())).isEqualTo(JSON.readTree("{\"name\":\"prod\"}"));
        assertThat(created.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind() + "/" + owner.getName()).isEqualTo("McpServer/conductor"));
        assertThat(cluster.kubectl().run("-n", NS, "get", "tca").orFail().out()).contains(id, "run_workflow", "alice");

        // still pending: the retry attaches to the same approval
        assertThat(JSON.valueToTree(alice.call("run_workflow", PROD).meta()).path("dev.toolgate/decision").path("id").asText())
                .isEqualTo(id);

        KubectlToolgate.run(cluster, NS, APPROVER, "approve", id, "--reason", "change 42").orFail();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Boolean.TRUE.equals(alice.call("run_workflow", PROD).isError()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "consumed".equals(approval(cluster, id).getMetadata().getLabels().get("toolgate.dev/phase")));

        // the McpServer's Events tell of the approval asked and decided
        try (var admin = cluster.adminClient()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.events().v1().events().inNamespace(NS).list().getItems()
                    .stream().filter(e -> "McpServer".equals(e.getRegarding().getKind()) && e.getRelated() != null
                            && id.equals(e.getRelated().getName()))
                    .map(e -> e.getReason()).toList().containsAll(List.of("ApprovalRequested", "ApprovalApproved")));
            var approved = admin.events().v1().events().inNamespace(NS).list().getItems().stream()
                    .filter(e -> "ApprovalApproved".equals(e.getReason())).findFirst().orElseThrow();
            assertThat(approved.getNote()).contains(APPROVER.username(), "change 42");
            assertThat(approved.getRegarding().getName()).isEqualTo("conductor");
        }
    }
}
