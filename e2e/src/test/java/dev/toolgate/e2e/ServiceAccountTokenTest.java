package dev.toolgate.e2e;

import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.identity.TokenReviewVerifier;
import dev.toolgate.proxy.source.FilePolicySource;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Kubernetes ServiceAccount tokens on the real API server: a ServiceAccount, a token requested for the proxy's
 * audience (TokenRequest), an MCP client calling through the proxy with it (verified with a TokenReview made as the
 * proxy's ServiceAccount, which the operator bound to the chart's ClusterRole of create on tokenreviews, for an
 * McpServer with {@code spec.auth.serviceAccounts}), then the ServiceAccount deleted and the same token
 * refused once the proxy's TokenReview cache TTL has passed on its clock (moved by hand, not waited for) and the API
 * server's own cache of the token check (10 s of real time) has let go of it.
 */
@ExtendWith(RealApiServer.class)
class ServiceAccountTokenTest {
    private static final String NS = "sa-tokens";
    private static final String AUDIENCE = "http://conductor-toolgate.sa-tokens.svc:8080/mcp";
    /** The proxy's ServiceAccount, which the operator creates and binds to the TokenReview ClusterRole. */
    private static final ServiceAccountName PROXY = new ServiceAccountName(NS, "conductor-toolgate");
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static final FakeClock clock = FakeClock.at("2026-11-25T12:00:05Z");
    private static final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private static DemoMcpServer upstream;
    private static KubernetesClient reviewer;
    private static ProxyServer proxy;
    private static Path policy;
    private static InJvmOperator operator;

    @BeforeAll
    static void start(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        cluster.kubectl().run("create", "namespace", NS).orFail();
        cluster.kubectl().run("-n", NS, "create", "serviceaccount", "robot").orFail();
        cluster.kubectl().runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: conductor}
                spec:
                  upstream: {url: "http://conductor-mcp.sa-tokens.svc:3000/mcp"}
                  auth:
                    serviceAccounts: {audience: "%s"}
                """.formatted(AUDIENCE), "-n", NS, "apply", "-f", "-").orFail();
        operator = InJvmOperator.start(cluster, NS);
        try (var admin = cluster.adminClient()) {
            // the operator (as the chart's ServiceAccount) binds the proxy's account to create on tokenreviews
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.rbac().clusterRoleBindings()
                    .withName("toolgate-tokenreview:" + NS + ":conductor").get() != null);
        }
        policy = Files.createTempFile("policy", ".json");
        Files.writeString(policy, "{\"version\":\"1\",\"default\":\"allow\",\"tools\":{}}");
        upstream = DemoMcpServer.start(0);
        reviewer = cluster.clientAs(PROXY);
        proxy = ProxyServer.start(ProxyOptions.builder(upstream.mcpUri()).port(0).adminPort(-1).eventLoops(1).clock(clock)
                .sink(audit::add)
                .serviceAccountTokens(new TokenReviewVerifier(reviewer, AUDIENCE, Duration.ofSeconds(30), clock))
                .build(), new FilePolicySource(policy));
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(proxy, upstream, reviewer, operator);
        Files.deleteIfExists(policy);
    }

    private static String token(ControlPlane cluster, String account, String audience) {
        try (var admin = cluster.adminClient()) {
            return admin.serviceAccounts().inNamespace(NS).withName(account).tokenRequest(new TokenRequestBuilder()
                    .withNewSpec().withAudiences(audience).withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        }
    }

    private static int initialize(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aServiceAccountTokenWorksUntilTheAccountIsDeletedAndTheCacheTtlHasPassed(ControlPlane cluster) throws Exception {
        String token = token(cluster, "robot", AUDIENCE);
        try (Agent agent = Agent.connect("http://127.0.0.1:" + proxy.port(), token)) {
            assertThat(agent.refused("run_workflow", Map.of("name", "nightly"))).isFalse();
        }
        assertThat(audit).extracting(AuditRecord::identity).containsExactly("system:serviceaccount:" + NS + ":robot");
        assertThat(audit.get(0).grants()).contains("system:serviceaccounts", "system:serviceaccounts:" + NS);

        cluster.kubectl().run("-n", NS, "delete", "serviceaccount", "robot").orFail();
        // within the proxy's TTL the answer is reused: still accepted, without asking the API server
        assertThat(initialize(token)).isEqualTo(200);

        // past the TTL the proxy asks again; the API server keeps a successful token check for up to 10 s itself
        // (kube-apiserver's token cache), so the refusal comes within that; the proxy's clock passes its TTL each time
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            clock.advance(Duration.ofSeconds(31));
            return initialize(token) == 401;
        });
    }

    @Test
    void aTokenForAnotherAudienceIsRefused(ControlPlane cluster) throws Exception {
        cluster.kubectl().run("-n", NS, "create", "serviceaccount", "elsewhere").orFail();
        String token = token(cluster, "elsewhere", "https://another-service.example");

        assertThat(initialize(token)).isEqualTo(401);
        assertThatThrownBy(() -> Agent.connect("http://127.0.0.1:" + proxy.port(), token)).isInstanceOf(RuntimeException.class);
    }
}
