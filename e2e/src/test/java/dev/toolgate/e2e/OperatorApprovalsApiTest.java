package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue #19, the operator's cluster-wide approvals API on the real API server, with the chart's RBAC and admission
 * policy: people call it over HTTP with their own ServiceAccount tokens (TokenRequest), which the operator (as the
 * chart's ServiceAccount) checks with a TokenReview, and may do what a SubjectAccessReview for them allows. An approver
 * with RBAC on {@code toolcallapprovals/status} approves the proxy's approval and the agent's retry runs; someone
 * without it gets 403, the requester gets 403, a bad token 401, and the list holds only namespaces the person may list.
 */
@ExtendWith(RealApiServer.class)
class OperatorApprovalsApiTest {
    private static final String NS = "approvals-api";
    /** Watched by the operator too; the approver has no RBAC here. */
    private static final String OTHER = "approvals-api-other";
    private static final ServiceAccountName APPROVER = new ServiceAccountName(NS, "approver");
    private static final ServiceAccountName BYSTANDER = new ServiceAccountName(NS, "bystander");
    private static final ServiceAccountName AGENT = new ServiceAccountName(NS, "agent");
    private static final Map<String, Object> PROD = Map.of("name", "prod");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "toolgate.dev/v1alpha1";
    private static final AtomicInteger made = new AtomicInteger();

    private static InJvmOperator operator;
    private static InJvmProxy proxy;
    private static Agent alice;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void install(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        Kubectl kubectl = cluster.kubectl();
        ApprovalScenario.install(kubectl, NS, new String[] {"bystander", "agent"}, "agent");
        kubectl.run("create", "namespace", OTHER).orFail();
        operator = InJvmOperator.start(cluster, NS, OTHER);
        ApprovalScenario.awaitPolicyInForce(kubectl, NS);
        proxy = InJvmProxy.start(cluster, NS, "conductor", "conductor-api-keys", Clock.systemUTC(), true);
        alice = Agent.connect(proxy.mcpUrl(), "change-me-alice");
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(alice, proxy, operator);
    }

    @Test
    void anApproverWithTheRbacApprovesOverHttpAndTheAgentsRetryRuns(ControlPlane cluster) throws Exception {
        String other = pendingByHand(cluster, OTHER);
        JsonNode decision = JSON.valueToTree(alice.call("run_workflow", PROD).meta()).path("dev.toolgate/decision");
        assertThat(decision.path("decision").asText()).isEqualTo("approval_pending");
        String name = decision.path("id").asText();
        String id = NS + "/" + name;
        String token = APPROVER.token(cluster);

        await().atMost(Duration.ofSeconds(30)).until(() -> ids(list(token)).contains(id));
        JsonNode listed = find(list(token), id);
        assertThat(listed.path("namespace").asText()).isEqualTo(NS);
        assertThat(listed.path("state").asText()).isEqualTo("pending");
        assertThat(listed.path("identity").asText()).isEqualTo("alice");
        assertThat(listed.path("tool").asText()).isEqualTo("run_workflow");
        assertThat(ids(list(token))).as("only namespaces the approver may list").doesNotContain(OTHER + "/" + other);
        String approve = listed.path("actions").path("approve").asText();
        assertThat(approve).isEqualTo("/approvals/" + NS + "/" + name + "/approve");

        HttpResponse<String> approved = post(approve, token, "{\"reason\":\"change 42\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode record = JSON.readTree(approved.body());
        assertThat(record.path("state").asText()).isEqualTo("approved");
        assertThat(record.path("decidedBy").asText()).isEqualTo(APPROVER.username());
        Map<?, ?> status = status(cluster, NS, name);
        assertThat(status.get("state")).isEqualTo("Approved");
        assertThat(status.get("decidedBy")).isEqualTo(APPROVER.username());
        assertThat(status.get("reason")).isEqualTo("change 42");

        // the proxy applied the decision as the approver's (its Event names them), and the identical retry runs, once
        try (var admin = cluster.adminClient()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.events().v1().events().inNamespace(NS).list().getItems()
                    .stream().anyMatch(e -> "ApprovalApproved".equals(e.getReason()) && e.getRelated() != null
                            && name.equals(e.getRelated().getName()) && e.getNote().contains("approved by " + APPROVER.username())));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Boolean.TRUE.equals(alice.call("run_workflow", PROD).isError()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "consumed".equals(approval(cluster, NS, name)
                .getMetadata().getLabels().get("toolgate.dev/phase")));
        assertThat(post(approve, token, "").statusCode()).as("decided already").isEqualTo(409);
    }

    @Test
    void withoutTheRbacItIs403AndNothingChanges(ControlPlane cluster) throws Exception {
        String name = pendingByHand(cluster, NS);
        String token = BYSTANDER.token(cluster);

        HttpResponse<String> refused = post("/approvals/" + NS + "/" + name + "/approve", token, "{\"reason\":\"me\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("may not decide");
        assertThat(get("/approvals", token).statusCode()).isEqualTo(403);
        assertThat(status(cluster, NS, name)).isNull();
    }

    @Test
    void theRequesterMayNotDecideItsOwnCallThoughItHasTheRbac(ControlPlane cluster) throws Exception {
        String name = pendingByHand(cluster, NS);

        HttpResponse<String> refused = post("/approvals/" + NS + "/" + name + "/approve", AGENT.token(cluster), "");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("error").asText())
                .isEqualTo("the approver must not be the identity that asked for the call");
        assertThat(status(cluster, NS, name)).isNull();
    }

    @Test
    void aBadTokenIs401(ControlPlane cluster) throws Exception {
        String name = pendingByHand(cluster, NS);
        String forged = APPROVER.token(cluster) + "x";

        assertThat(get("/approvals", forged).statusCode()).isEqualTo(401);
        HttpResponse<String> refused = post("/approvals/" + NS + "/" + name + "/approve", forged, "");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(status(cluster, NS, name)).isNull();
    }

    @Test
    void theAdmissionPolicyLetsTheOperatorNameAnotherApproverButNeverTheRequester(ControlPlane cluster) {
        String name = pendingByHand(cluster, NS);
        try (KubernetesClient asOperator = cluster.clientAs(ToolgateChart.OPERATOR);
             KubernetesClient asApprover = cluster.clientAs(APPROVER)) {
            assertThatThrownBy(() -> decide(asOperator, name, AGENT.username()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
                            .contains("the approver must not be the identity that asked for the call"));
            // only the operator vouches: an approver still cannot write someone else's name
            assertThatThrownBy(() -> decide(asApprover, name, BYSTANDER.username()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
                            .contains("status.decidedBy must be the user name of whoever writes the decision"));
            assertThat(status(cluster, NS, name)).isNull();
            decide(asOperator, name, APPROVER.username());
        }
        assertThat(status(cluster, NS, name).get("decidedBy")).isEqualTo(APPROVER.username());
    }

    private static void decide(KubernetesClient client, String name, String by) {
        client.genericKubernetesResources(API, "ToolCallApproval").inNamespace(NS).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"state\":\"Approved\",\"decidedBy\":\"" + by + "\",\"reason\":\"r\"}}");
    }

    /** A pending approval of a call the agent's ServiceAccount made, written as the proxy would (no proxy watches it). */
    private static String pendingByHand(ControlPlane cluster, String namespace) {
        String name = "by-hand-" + made.incrementAndGet();
        ApprovalScenario.pendingByHand(cluster.kubectl(), namespace, name, AGENT.username(), "ab".repeat(32));
        return name;
    }


    private static GenericKubernetesResource approval(ControlPlane cluster, String namespace, String name) {
        try (var admin = cluster.adminClient()) {
            return admin.genericKubernetesResources(API, "ToolCallApproval").inNamespace(namespace).withName(name).get();
        }
    }

    private static Map<?, ?> status(ControlPlane cluster, String namespace, String name) {
        return (Map<?, ?>) approval(cluster, namespace, name).getAdditionalProperties().get("status");
    }

    private JsonNode list(String token) throws Exception {
        HttpResponse<String> answer = get("/approvals", token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("approvals");
    }

    private static java.util.List<String> ids(JsonNode approvals) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        approvals.forEach(a -> ids.add(a.path("id").asText()));
        return ids;
    }

    private static JsonNode find(JsonNode approvals, String id) {
        for (JsonNode approval : approvals) {
            if (approval.path("id").asText().equals(id)) {
                return approval;
            }
        }
        throw new AssertionError("no " + id + " in " + approvals);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
    }
}
