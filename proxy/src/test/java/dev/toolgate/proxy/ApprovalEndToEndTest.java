package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.audit.ApprovalAuditRecord;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Approval end to end, standalone: agents are real MCP clients with API keys, the upstream is the demo server, a
 * person decides through the admin port's API with an admin token.
 */
class ApprovalEndToEndTest extends DemoUpstreamTest {
    private static final String KEYS = """
            keys:
              - {token: alice-token, identity: alice, grant: ops}
              - {token: mallory-token, identity: mallory, grant: ops}
            """;
    private static final String ADMINS = """
            keys:
              - {token: bob-admin-token, identity: bob}
              - {token: alice-admin-token, identity: alice}
            """;
    static final String POLICY = """
            version: "1"
            default: allow
            tools:
              run_workflow:
                rules:
                  - name: "prod needs approval"
                    action: require_approval
                    conditions: [{path: args.name, op: eq, value: prod}]
                    reason: "production runs need a person's approval"
                  - name: "two runs a minute"
                    rate_limit: {max: 2, window: minute, scope: identity}
            """;
    private static final Map<String, Object> PROD = Map.of("name", "prod", "input", Map.of("b", 2, "a", 1));

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        proxy = new ProxyFixture(dir, demo.mcpUri(), POLICY, options -> options.apiKeys(agents).eventLoops(2),
                ApprovalOptions.decidedBy(admins).withTtl(Duration.ofMinutes(10)));
    }

    private McpSyncClient agent(String token) {
        return proxy.mcpClient(t -> t.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)));
    }

    private static JsonNode decision(CallToolResult result) {
        return JsonRpcParser.MAPPER.valueToTree(result.meta()).path("dev.toolgate/decision");
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    private HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return ProxyFixture.send(request.build());
    }

    private JsonNode approve(String id, String token, String reason) throws Exception {
        HttpResponse<String> response = admin("POST", "/approvals/" + id + "/approve", token, "{\"reason\":\"" + reason + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonRpcParser.MAPPER.readTree(response.body());
    }

    private List<ApprovalAuditRecord> auditLines(String event) {
        return proxy.audit.approvals().stream().filter(r -> r.event().equals(event)).toList();
    }

    @Test
    void aCallNeedingApprovalIsPendingThenRunsOnceApprovedAndOnlyOnce() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            CallToolResult first = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(first.isError()).isTrue();
            JsonNode pending = decision(first);
            assertThat(pending.path("decision").asText()).isEqualTo("approval_pending");
            String id = pending.path("id").asText();
            assertThat(pending.path("url").asText())
                    .isEqualTo("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id);
            assertThat(text(first)).contains("Retry the identical call", id);

            // an identical retry (keys in another order) attaches to the same record
            CallToolResult retry = alice.callTool(new CallToolRequest("run_workflow",
                    Map.of("input", Map.of("a", 1, "b", 2), "name", "prod")));
            assertThat(decision(retry).path("id").asText()).isEqualTo(id);

            JsonNode listed = JsonRpcParser.MAPPER.readTree(admin("GET", "/approvals", "bob-admin-token", null).body());
            assertThat(listed.path("approvals")).hasSize(1);
            assertThat(listed.path("approvals").get(0).path("state").asText()).isEqualTo("pending");
            assertThat(listed.path("approvals").get(0).path("identity").asText()).isEqualTo("alice");
            assertThat(JsonRpcParser.MAPPER.readTree(listed.path("approvals").get(0).path("preview").asText()))
                    .isEqualTo(JsonRpcParser.MAPPER.readTree("{\"name\":\"prod\",\"input\":{\"a\":1,\"b\":2}}"));

            JsonNode approved = approve(id, "bob-admin-token", "looks fine");
            assertThat(approved.path("state").asText()).isEqualTo("approved");
            assertThat(approved.path("decidedBy").asText()).isEqualTo("bob");

            CallToolResult ran = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(ran.isError()).isFalse();
            assertThat(ran.meta() == null || !ran.meta().containsKey("dev.toolgate/decision")).isTrue();

            // consumed: the next identical call asks anew
            CallToolResult again = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(decision(again).path("decision").asText()).isEqualTo("approval_pending");
            assertThat(decision(again).path("id").asText()).isNotEqualTo(id);
        }
        assertThat(auditLines("requested")).hasSize(2);
        assertThat(auditLines("approved")).singleElement().satisfies(line -> assertThat(line.by()).isEqualTo("bob"));
        assertThat(auditLines("consumed")).hasSize(1);
        assertThat(proxy.metrics()).contains("toolgate_approvals_total{event=\"consumed\"} 1.0")
                .contains("toolgate_approvals_pending 1.0");
    }

    @Test
    void aChangedArgumentIsAnotherCallThatTheApprovalDoesNotCover() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            approve(id, "bob-admin-token", "ok");
            CallToolResult changed = alice.callTool(new CallToolRequest("run_workflow",
                    Map.of("name", "prod", "input", Map.of("a", 1, "b", 3))));
            assertThat(decision(changed).path("decision").asText()).isEqualTo("approval_pending");
            assertThat(decision(changed).path("id").asText()).isNotEqualTo(id);
        }
    }

    @Test
    void anotherIdentityCannotUseSomeoneElsesApproval() throws Exception {
        try (McpSyncClient alice = agent("alice-token"); McpSyncClient mallory = agent("mallory-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            approve(id, "bob-admin-token", "ok");
            JsonNode malloryAnswer = decision(mallory.callTool(new CallToolRequest("run_workflow", PROD)));
            assertThat(malloryAnswer.path("decision").asText()).isEqualTo("approval_pending");
            assertThat(malloryAnswer.path("id").asText()).isNotEqualTo(id);
            assertThat(alice.callTool(new CallToolRequest("run_workflow", PROD)).isError()).isFalse();
        }
    }

    @Test
    void aDeniedApprovalGivesTheRetryTheApproversReason() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            HttpResponse<String> denied = admin("POST", "/approvals/" + id + "/deny", "bob-admin-token",
                    "{\"reason\":\"not during the freeze\"}");
            assertThat(denied.statusCode()).isEqualTo(200);
            CallToolResult retry = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(retry.isError()).isTrue();
            assertThat(decision(retry).path("decision").asText()).isEqualTo("approval_denied");
            assertThat(decision(retry).path("reason").asText()).isEqualTo("not during the freeze");
            assertThat(text(retry)).isEqualTo("Denied by the approver: not during the freeze");
        }
        assertThat(auditLines("denied")).singleElement()
                .satisfies(line -> assertThat(line.reason()).isEqualTo("not during the freeze"));
    }

    @Test
    void theRequesterCannotApproveTheirOwnCallAndTheAttemptIsRecorded() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            HttpResponse<String> self = admin("POST", "/approvals/" + id + "/approve", "alice-admin-token", null);
            assertThat(self.statusCode()).isEqualTo(403);
            assertThat(JsonRpcParser.MAPPER.readTree(self.body()).path("error").asText())
                    .isEqualTo("the approver must not be the identity that asked for the call");
            assertThat(decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("decision").asText())
                    .isEqualTo("approval_pending");
        }
        assertThat(auditLines("refused")).singleElement().satisfies(line -> assertThat(line.by()).isEqualTo("alice"));
    }

    @Test
    void theAdminApiNeedsAnAdminTokenAndAnswersFixedErrors() throws Exception {
        assertThat(admin("GET", "/approvals", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/approvals", "alice-token", null).statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/approvals/abc123/approve", "bob-admin-token", null).statusCode()).isEqualTo(404);
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            HttpResponse<String> bad = admin("POST", "/approvals/" + id + "/deny", "bob-admin-token", "{\"reason\": 7}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(admin("POST", "/approvals/" + id + "/deny", "bob-admin-token",
                    "{\"reason\":\"" + "x".repeat(1001) + "\"}").statusCode()).isEqualTo(400);
            approve(id, "bob-admin-token", "ok");
            HttpResponse<String> twice = admin("POST", "/approvals/" + id + "/deny", "bob-admin-token", null);
            assertThat(twice.statusCode()).isEqualTo(409);
        }
    }

    @Test
    void anApprovedCallIsCheckedAgainAtConsumeTimeAgainstLimits() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            approve(id, "bob-admin-token", "ok");
            // two other runs use up alice's two runs a minute
            assertThat(alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
            assertThat(alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "weekly"))).isError()).isFalse();
            CallToolResult limited = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(decision(limited).path("decision").asText()).isEqualTo("rate_limited");
            // the approval was not consumed: once the window turns, the approved call runs
            proxy.clock.advance(Duration.ofMinutes(1));
            assertThat(alice.callTool(new CallToolRequest("run_workflow", PROD)).isError()).isFalse();
        }
    }

    @Test
    void anApprovalAfterThePolicyChangedToDenyIsDenied() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            approve(id, "bob-admin-token", "ok");
            Files.writeString(proxy.policyFile, POLICY.replace("default: allow", "default: allow\nhide: [run_workflow]"));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    "deny".equals(decision(alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "x"))))
                            .path("decision").asText()));
            CallToolResult refused = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(decision(refused).path("decision").asText()).isEqualTo("deny");
            assertThat(decision(refused).path("rule").asText()).isEqualTo("hide");
        }
    }

    @Test
    void aPendingApprovalExpiresAndTheNextCallAsksAnew() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            proxy.clock.advance(Duration.ofMinutes(10));
            HttpResponse<String> late = admin("POST", "/approvals/" + id + "/approve", "bob-admin-token", null);
            assertThat(late.statusCode()).isEqualTo(409);
            JsonNode next = decision(alice.callTool(new CallToolRequest("run_workflow", PROD)));
            assertThat(next.path("decision").asText()).isEqualTo("approval_pending");
            assertThat(next.path("id").asText()).isNotEqualTo(id);
        }
        assertThat(auditLines("expired")).hasSize(1);
    }

    @Test
    void anApprovedCallNotMadeInTimeExpires() throws Exception {
        try (McpSyncClient alice = agent("alice-token")) {
            String id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
            approve(id, "bob-admin-token", "ok");
            proxy.clock.advance(Duration.ofMinutes(10));
            assertThat(decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("decision").asText())
                    .isEqualTo("approval_pending");
        }
    }

    @Test
    void theDemoPolicyAsksApprovalForProdRunsOnly() throws Exception {
        Files.writeString(proxy.policyFile, TestPolicies.demo());
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.metrics().contains("toolgate_policy_reloads_total 2.0"));
        try (McpSyncClient alice = agent("alice-token")) {
            JsonNode prod = decision(alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "prod"))));
            assertThat(prod.path("decision").asText()).isEqualTo("approval_pending");
            assertThat(prod.path("rule").asText()).isEqualTo("prod runs need approval");
            assertThat(alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "nightly"))).isError()).isFalse();
        }
    }

    @Test
    void twoRetriesRacingForOneApprovalRunOnce() throws Exception {
        String id;
        try (McpSyncClient alice = agent("alice-token")) {
            id = decision(alice.callTool(new CallToolRequest("run_workflow", PROD))).path("id").asText();
        }
        approve(id, "bob-admin-token", "ok");
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Boolean>> calls = java.util.stream.IntStream.range(0, racers).<Callable<Boolean>>mapToObj(i -> () -> {
                try (McpSyncClient racer = agent("alice-token")) {
                    start.await();
                    return !racer.callTool(new CallToolRequest("run_workflow", PROD)).isError();
                }
            }).toList();
            List<Future<Boolean>> results = calls.stream().map(pool::submit).toList();
            start.countDown();
            long ran = 0;
            for (Future<Boolean> result : results) {
                ran += result.get() ? 1 : 0;
            }
            assertThat(ran).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(auditLines("consumed")).hasSize(1);
    }
}
