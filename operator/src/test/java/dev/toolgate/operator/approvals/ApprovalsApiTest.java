package dev.toolgate.operator.approvals;

import dev.toolgate.policy.FakeClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.contract.ToolCallApprovals;
import dev.toolgate.operator.OperatorHarness;
import dev.toolgate.operator.customresource.ToolCallApproval;
import dev.toolgate.operator.customresource.ToolCallApprovalSpec;
import dev.toolgate.operator.customresource.ToolCallApprovalStatus;
import dev.toolgate.operator.http.OperatorHttpServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approvals API over real HTTP on the operator's HTTP server, against the fabric8 mock API server (CRUD mode for
 * the ToolCallApprovals; TokenReview and SubjectAccessReview answered by a small fake authenticator and authorizer
 * that read the request, as the API server would). The real API server, with its RBAC and the chart's admission
 * policy, is in e2e's {@code OperatorApprovalsApiTest}.
 */
@EnableKubernetesMockClient(crud = true)
class ApprovalsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "system:serviceaccount:team-a:agent";
    /** token → user name; groups are [people] for all */
    private static final Map<String, String> TOKENS = Map.of("alice-token", "alice", "bob-token", "bob",
            "agent-token", AGENT, "carol-token", "carol");

    KubernetesMockServer server;
    KubernetesClient client;

    private final FakeClock clock = FakeClock.at("2026-12-02T10:00:00Z");
    private final AtomicInteger tokenReviews = new AtomicInteger();
    /** "user verb namespace subresource" the fake authorizer allows; namespace "*" for cluster-wide */
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private ApprovalsApi api;
    private OperatorHttpServer http;
    private final HttpClient browser = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        OperatorHarness.registerCrds(client);
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            tokenReviews.incrementAndGet();
            JsonNode review = read(request.getBody().readUtf8());
            String user = TOKENS.get(review.path("spec").path("token").asText());
            return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", user == null
                    ? Map.of("authenticated", false)
                    : Map.of("authenticated", true, "user", Map.of("username", user, "groups", List.of("people"))));
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            JsonNode spec = read(request.getBody().readUtf8()).path("spec");
            JsonNode attributes = spec.path("resourceAttributes");
            String namespace = attributes.path("namespace").asText("");
            String key = spec.path("user").asText() + " " + attributes.path("verb").asText() + " "
                    + (namespace.isEmpty() ? "*" : namespace) + " " + attributes.path("subresource").asText("");
            boolean yes = attributes.path("resource").asText().equals("toolcallapprovals")
                    && (allowed.contains(key) || allowed.contains(key.replace(" " + namespace + " ", " * ")));
            return Map.of("apiVersion", "authorization.k8s.io/v1", "kind", "SubjectAccessReview",
                    "status", Map.of("allowed", yes));
        }).always();
        api = ApprovalsApi.start(client, Set.of(), clock);
        http = OperatorHttpServer.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of(api));
    }

    @AfterEach
    void stop() {
        http.close();
        api.close();
    }

    @Test
    void withoutAValidBearerTokenEveryPathIs401() throws Exception {
        pending("team-a", "a1");
        for (String token : List.of("", "Bearer ", "Bearer nobody-knows-me", "Basic YWxpY2U6cHc=", "Bearer alice-token extra",
                "Bearer " + "a".repeat(PersonAuthenticator.MAX_TOKEN_LENGTH + 1))) {
            HttpResponse<String> list = send("GET", "/approvals", token.isEmpty() ? null : token, null);
            assertThat(list.statusCode()).as(token).isEqualTo(401);
            assertThat(list.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"toolgate-operator\"");
            assertThat(read(list.body()).path("error").asText()).contains("Authorization: Bearer");
        }
        assertThat(send("POST", "/approvals/team-a/a1/approve", "Bearer nobody-knows-me", "{}").statusCode()).isEqualTo(401);
        assertThat(status("team-a", "a1")).isNull();
    }

    @Test
    void aPersonSeesOnlyTheNamespacesTheyMayListNewestFirstWithActionsWhilePending() throws Exception {
        pending("team-a", "a1");
        pending("team-b", "b1");
        allowed.add("alice list team-a ");

        HttpResponse<String> answer = get("/approvals", "alice-token");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode approvals = read(answer.body()).path("approvals");
        assertThat(approvals).hasSize(1);
        JsonNode a1 = approvals.get(0);
        assertThat(a1.path("id").asText()).isEqualTo("team-a/a1");
        assertThat(a1.path("namespace").asText()).isEqualTo("team-a");
        assertThat(a1.path("state").asText()).isEqualTo("pending");
        assertThat(a1.path("tool").asText()).isEqualTo("run_workflow");
        assertThat(a1.path("identity").asText()).isEqualTo(AGENT);
        assertThat(a1.path("preview").asText()).isEqualTo("{\"name\":\"<script>prod</script>\"}");
        assertThat(a1.path("decisionReason").isNull()).isTrue();
        assertThat(a1.path("actions").path("approve").asText()).isEqualTo("/approvals/team-a/a1/approve");
        assertThat(a1.path("actions").path("deny").asText()).isEqualTo("/approvals/team-a/a1/deny");

        allowed.add("bob list * ");
        assertThat(read(get("/approvals", "bob-token").body()).path("approvals")).extracting(j -> j.path("id").asText())
                .containsExactlyInAnyOrder("team-a/a1", "team-b/b1");
        HttpResponse<String> carol = get("/approvals", "carol-token");
        assertThat(carol.statusCode()).isEqualTo(403);
        assertThat(read(carol.body()).path("error").asText()).contains("may not list toolcallapprovals");
    }

    @Test
    void anApproverWithTheRightDecidesAndTheStatusNamesThem() throws Exception {
        pending("team-a", "a1");
        allowed.add("alice patch team-a status");

        HttpResponse<String> answer = send("POST", "/approvals/team-a/a1/approve", "Bearer alice-token", "{\"reason\":\"change 42\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode decided = read(answer.body());
        assertThat(decided.path("state").asText()).isEqualTo("approved");
        assertThat(decided.path("decidedBy").asText()).isEqualTo("alice");
        assertThat(decided.path("decisionReason").asText()).isEqualTo("change 42");
        assertThat(decided.has("actions")).isFalse();
        ToolCallApprovalStatus status = status("team-a", "a1");
        assertThat(status.getState()).isEqualTo(ToolCallApprovals.APPROVED);
        assertThat(status.getDecidedBy()).isEqualTo("alice");
        assertThat(status.getDecidedAt()).isEqualTo("2026-12-02T10:00:00Z");

        HttpResponse<String> again = send("POST", "/approvals/team-a/a1/deny", "Bearer alice-token", "{\"reason\":\"no\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(read(again.body()).path("error").asText()).isEqualTo("the approval is approved, no longer pending");
    }

    @Test
    void withoutTheRightToWriteTheStatusItIs403AndNothingChanges() throws Exception {
        pending("team-a", "a1");
        allowed.add("alice list team-a ");
        allowed.add("alice patch team-b status");

        HttpResponse<String> answer = send("POST", "/approvals/team-a/a1/approve", "Bearer alice-token", "");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(read(answer.body()).path("error").asText()).contains("may not decide toolcallapprovals in namespace team-a");
        assertThat(status("team-a", "a1")).isNull();
    }

    @Test
    void theRequesterMayNotDecideItsOwnCall() throws Exception {
        pending("team-a", "a1");
        allowed.add(AGENT + " patch team-a status");

        HttpResponse<String> answer = send("POST", "/approvals/team-a/a1/approve", "Bearer agent-token", "{}");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(read(answer.body()).path("error").asText()).isEqualTo("the approver must not be the identity that asked for the call");
        assertThat(status("team-a", "a1")).isNull();
    }

    @Test
    void aBodyOutOfBoundsIs400() throws Exception {
        pending("team-a", "a1");
        allowed.add("alice patch team-a status");
        for (String body : List.of("{\"reason\":\"" + "x".repeat(1001) + "\"}", "{\"reason\":\"line\\nbreak\"}",
                "{\"reason\":\"a\",\"more\":1}", "{\"reason\":1}", "[]", "{\"reason\":\"a\"}{}", "{\"reason\":\"a\",\"reason\":\"b\"}",
                "not json")) {
            HttpResponse<String> answer = send("POST", "/approvals/team-a/a1/deny", "Bearer alice-token", body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(send("POST", "/approvals/team-a/a1/deny", "Bearer alice-token", "x".repeat(70 * 1024)).statusCode())
                .isEqualTo(413);
        assertThat(status("team-a", "a1")).isNull();
    }

    @Test
    void anExpiredApprovalOffersNoDecisionAndRefusesOne() throws Exception {
        pending("team-a", "a1");
        allowed.add("alice list team-a ");
        allowed.add("alice patch team-a status");
        clock.advance(Duration.ofHours(2));

        JsonNode a1 = read(get("/approvals", "alice-token").body()).path("approvals").get(0);
        assertThat(a1.path("state").asText()).isEqualTo("expired");
        assertThat(a1.has("actions")).isFalse();
        assertThat(send("POST", "/approvals/team-a/a1/approve", "Bearer alice-token", "").statusCode()).isEqualTo(409);
    }

    @Test
    void theProxysPhaseLabelWinsOverTheDecision() throws Exception {
        pending("team-a", "a1");
        allowed.add("alice list team-a ");
        allowed.add("alice get team-a ");
        allowed.add("alice patch team-a status");
        assertThat(send("POST", "/approvals/team-a/a1/approve", "Bearer alice-token", "").statusCode()).isEqualTo(200);
        client.resources(ToolCallApproval.class).inNamespace("team-a").withName("a1").edit(a -> {
            a.getMetadata().getLabels().put(ToolCallApprovals.PHASE_LABEL, ToolCallApprovals.PHASE_CONSUMED);
            return a;
        });

        JsonNode a1 = read(get("/approvals/team-a/a1", "alice-token").body());
        assertThat(a1.path("state").asText()).isEqualTo("consumed");
        assertThat(a1.path("decidedBy").asText()).isEqualTo("alice");
        assertThat(a1.has("actions")).isFalse();
        assertThat(get("/approvals/team-a/a1", "bob-token").statusCode()).as("bob may not get it").isEqualTo(403);
    }

    @Test
    void unknownApprovalsPathsAndMethods() throws Exception {
        allowed.add("alice patch team-a status");
        allowed.add("alice get team-a ");
        assertThat(send("POST", "/approvals/team-a/nothing/approve", "Bearer alice-token", "").statusCode()).isEqualTo(404);
        assertThat(get("/approvals/team-a/nothing", "alice-token").statusCode()).isEqualTo(404);
        assertThat(get("/approvals/Team_A/x/../y", "alice-token").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/approvals/team-a/a1/approve", "Bearer alice-token", null).statusCode()).isEqualTo(405);
        assertThat(send("DELETE", "/approvals", "Bearer alice-token", null).statusCode()).isEqualTo(405);
    }

    @Test
    void aTokenIsReviewedOncePer30Seconds() throws Exception {
        allowed.add("alice list * ");
        get("/approvals", "alice-token");
        get("/approvals", "alice-token");
        get("/approvals", "nobody-knows-me");
        get("/approvals", "nobody-knows-me");
        assertThat(tokenReviews).hasValue(2);
        clock.advance(Duration.ofSeconds(30));
        get("/approvals", "alice-token");
        assertThat(tokenReviews).hasValue(3);
    }

    private void pending(String namespace, String name) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        ToolCallApproval approval = new ToolCallApproval();
        approval.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(ToolCallApprovals.PHASE_LABEL, ToolCallApprovals.PHASE_PENDING).build());
        ToolCallApprovalSpec spec = new ToolCallApprovalSpec();
        spec.setMcpServer("conductor");
        spec.setTool("run_workflow");
        spec.setIdentity(AGENT);
        spec.setGrants(List.of("ops"));
        spec.setArgumentsSha256("ab".repeat(32));
        spec.setPreview("{\"name\":\"<script>prod</script>\"}");
        spec.setRule("prod needs approval");
        spec.setReason("production runs need a person");
        spec.setPolicyGeneration(1L);
        spec.setExpiresAt(clock.instant().plus(Duration.ofMinutes(15)).toString());
        approval.setSpec(spec);
        client.resource(approval).create();
    }

    private ToolCallApprovalStatus status(String namespace, String name) {
        return client.resources(ToolCallApproval.class).inNamespace(namespace).withName(name).get().getStatus();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, "Bearer " + token, null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
