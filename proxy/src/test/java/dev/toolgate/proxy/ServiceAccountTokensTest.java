package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.identity.OidcSettings;
import dev.toolgate.proxy.identity.TokenReviewVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import dev.toolgate.policy.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Kubernetes ServiceAccount tokens, verified with a TokenReview against an API server that knows a table of tokens
 * (the real API server: the e2e module): the identity is {@code system:serviceaccount:<ns>:<name>}, the grants its
 * groups; answers are reused for the TTL on the proxy's clock, so a token of a deleted ServiceAccount is refused once
 * the TTL has passed, and the upstream sees nothing of it.
 */
@EnableKubernetesMockClient
class ServiceAccountTokensTest extends DemoUpstreamTest {
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    private static final String AUDIENCE = "https://conductor.agents.svc/mcp";
    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesMockServer server;
    KubernetesClient client;

    /** token → the ServiceAccount it belongs to ({@code ns/name}); a deleted ServiceAccount's tokens are removed. */
    private final Map<String, String> serviceAccounts = new ConcurrentHashMap<>();
    private final AtomicInteger reviews = new AtomicInteger();
    private final FakeClock clock = new FakeClock(ProxyFixture.START);

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        MOCK_LOG.setLevel(Level.WARNING);
        // one instance serves every test of the class (the demo server is started once): start each from scratch
        serviceAccounts.clear();
        reviews.set(0);
        clock.set(ProxyFixture.START.toString());
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews")
                .andReply(201, request -> review(request.getUtf8Body())).always();
        proxy = new ProxyFixture(dir, demo.mcpUri(), TestPolicies.ALLOW_ALL, options -> options.clock(clock)
                .serviceAccountTokens(new TokenReviewVerifier(client, AUDIENCE, Duration.ofSeconds(30), clock)));
    }

    /** What the API server answers: authenticated for a known token presented for the audience. */
    private Object review(String body) {
        reviews.incrementAndGet();
        try {
            JsonNode spec = JSON.readTree(body).path("spec");
            String account = serviceAccounts.get(spec.path("token").asText());
            boolean forUs = spec.path("audiences").toString().contains(AUDIENCE);
            Map<String, Object> status = account == null || !forUs
                    ? Map.of("authenticated", false, "error", "invalid bearer token")
                    : Map.of("authenticated", true, "audiences", List.of(AUDIENCE), "user", Map.of(
                    "username", "system:serviceaccount:" + account.replace('/', ':'),
                    "groups", List.of("system:serviceaccounts", "system:serviceaccounts:" + account.split("/")[0],
                            "system:authenticated")));
            return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private McpSyncClient agent(String token) {
        return proxy.mcpClient(transport -> transport.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)));
    }

    /** An initialize (the demo server answers nothing else without a session). */
    private HttpResponse<String> ping(String token) throws Exception {
        return proxy.post(ProxyFixture.INITIALIZE, "Authorization", "Bearer " + token);
    }

    @Test
    void aServiceAccountTokenIsTheServiceAccountWithItsGroupsAsGrants() {
        serviceAccounts.put("robot-token", "agents/robot");
        try (McpSyncClient agent = agent("robot-token")) {
            assertThat(agent.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
        }

        assertThat(proxy.audit.records).extracting(AuditRecord::identity, AuditRecord::grants).containsExactly(tuple(
                "system:serviceaccount:agents:robot",
                List.of("system:serviceaccounts", "system:serviceaccounts:agents", "system:authenticated")));
        assertThat(proxy.audit.records.get(0).token()).startsWith("sha256:").hasSize(7 + 16);
    }

    @Test
    void aServiceAccountOfAnotherNamespaceArrivesAsThatIdentity() {
        serviceAccounts.put("other-token", "other/x");
        try (McpSyncClient agent = agent("other-token")) {
            agent.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly")));
        }

        assertThat(proxy.audit.records).extracting(AuditRecord::identity).containsExactly("system:serviceaccount:other:x");
    }

    /** Grants naming one namespace's ServiceAccounts: only they may run workflows. */
    private static final String AGENTS_NAMESPACE_ONLY = """
            version: "1"
            tools:
              run_workflow: {}
            grants:
              - serviceAccount: agents/*
                tools: [run_workflow]
            """;

    @Test
    void aPolicyNamingOneNamespaceRefusesAServiceAccountOfAnother(@TempDir Path dir) throws Exception {
        proxy.close();
        proxy = new ProxyFixture(dir, demo.mcpUri(), AGENTS_NAMESPACE_ONLY, options -> options.clock(clock)
                .serviceAccountTokens(new TokenReviewVerifier(client, AUDIENCE, Duration.ofSeconds(30), clock)));
        serviceAccounts.put("robot-token", "agents/robot");
        serviceAccounts.put("other-token", "other/robot");
        try (McpSyncClient other = agent("other-token")) {
            assertThat(other.listTools().tools()).isEmpty();
            CallToolResult refused = other.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly")));
            assertThat(refused.isError()).isTrue();
            assertThat(((TextContent) refused.content().get(0)).text()).contains("not granted")
                    .contains("system:serviceaccount:other:robot").doesNotContain("agents");
        }
        try (McpSyncClient robot = agent("robot-token")) {
            assertThat(robot.listTools().tools()).extracting(Tool::name).containsExactly("run_workflow");
            assertThat(robot.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
        }

        assertThat(proxy.audit.records).extracting(AuditRecord::identity, AuditRecord::decision, AuditRecord::rule)
                .containsExactly(tuple("system:serviceaccount:other:robot", Outcome.DENY, "grants"),
                        tuple("system:serviceaccount:agents:robot", Outcome.ALLOW, "default"));
        // the refused call never reached the upstream; the granted one did
        assertThat(proxy.audit.records).extracting(AuditRecord::upstreamStatus).containsExactly(null, 200);
    }

    @Test
    void aReplayedTokenOfADeletedServiceAccountIsRefusedOnceTheCacheTtlHasPassed() throws Exception {
        serviceAccounts.put("robot-token", "agents/robot");
        assertThat(ping("robot-token").statusCode()).isEqualTo(200);
        assertThat(ping("robot-token").statusCode()).isEqualTo(200);
        assertThat(reviews).hasValue(1); // the second call reused the answer

        serviceAccounts.remove("robot-token"); // kubectl delete serviceaccount robot
        clock.advance(Duration.ofSeconds(31));
        int forwarded = demoRequests();
        HttpResponse<String> replay = ping("robot-token");

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .contains("error=\"invalid_token\""));
        assertThat(reviews).hasValue(2);
        assertThat(demoRequests()).isEqualTo(forwarded);
    }

    @Test
    void aTokenTheApiServerDoesNotKnowIsRefusedAndTheRefusalIsReusedToo() throws Exception {
        assertThat(ping("made-up").statusCode()).isEqualTo(401);
        assertThat(ping("made-up").statusCode()).isEqualTo(401);

        assertThat(reviews).hasValue(1);
        assertThat(proxy.audit.records).isEmpty();
    }

    /** Requests the proxy forwarded: its upstream metric, so a refused request is seen not to have gone anywhere. */
    private int demoRequests() throws Exception {
        return proxy.metrics().lines().filter(l -> l.startsWith("toolgate_upstream_seconds_count"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
