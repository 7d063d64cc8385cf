package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MCP 2026-07-28 path end to end: Multi Round-Trip answers ({@code resultType: input_required}) with a URL-mode
 * elicitation and the proxy's sealed {@code requestState}, and the retry that carries it. Driven with raw HTTP
 * JSON-RPC (the MCP Java SDK 2.1.0 client speaks 2025-11-25 at most: it cannot send per-request capabilities nor
 * read {@code input_required}) against the demo server's stateless endpoint, as a 2026-07-28 client would: the
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers, and the capabilities in
 * {@code params._meta}.
 */
class InputRequiredApprovalTest extends DemoUpstreamTest {
    private static final String KEYS = """
            keys:
              - {token: alice-token, identity: alice, grant: ops}
              - {token: mallory-token, identity: mallory, grant: ops}
            """;
    private static final String ADMINS = """
            keys:
              - {token: bob-admin-token, identity: bob}
            """;
    private static final String PROD = "{\"name\":\"prod\",\"input\":{\"ticket\":\"mrtr\"}}";
    private static final String URL_ELICITATION = "{\"elicitation\":{\"url\":{}}}";
    private int ids;

    @TempDir
    Path dir;

    private void start(Duration wait) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        proxy = new ProxyFixture(dir, demo.statelessUri(), ApprovalEndToEndTest.POLICY, options -> options.apiKeys(agents),
                ApprovalOptions.decidedBy(admins).withTtl(Duration.ofMinutes(10)).withDecisionWait(wait));
    }

    /** A 2026-07-28 tools/call; {@code retry} is spliced into params (requestState, inputResponses) when given. */
    private static String call(int id, String tool, String arguments, String capabilities, String retry) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "},"
                + "\"name\":\"" + tool + "\",\"arguments\":" + arguments + (retry == null ? "" : "," + retry) + "}}";
    }

    private static String retry(String requestState, String action) {
        return "\"requestState\":\"" + requestState + "\",\"inputResponses\":{\"dev.toolgate/approval\":{\"action\":\""
                + action + "\"}}";
    }

    private HttpRequest request(String token, String tool, String body) {
        return HttpRequest.newBuilder(proxy.mcpUri()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call").header("Mcp-Name", tool)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private JsonNode send(String token, String tool, String body) throws Exception {
        HttpResponse<String> response = ProxyFixture.send(request(token, tool, body));
        return JsonRpcParser.MAPPER.readTree(response.body());
    }

    private JsonNode runProd(String token, String retry) throws Exception {
        return send(token, "run_workflow", call(++ids, "run_workflow", PROD, URL_ELICITATION, retry));
    }

    private long prodRuns() throws Exception {
        String listed = send("alice-token", "list_workflows", call(++ids, "list_workflows", "{}", "{}", null))
                .at("/result/content/0/text").asText();
        return listed.lines().filter(line -> line.contains(" prod ")).count();
    }

    private void decide(String id, String verb) throws Exception {
        HttpResponse<String> response = ProxyFixture.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id + "/" + verb))
                .header("Authorization", "Bearer bob-admin-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"by the book\"}")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String approvalId(JsonNode answer) {
        return answer.at("/result/_meta/dev.toolgate~1decision/id").asText();
    }

    private static String state(JsonNode answer) {
        return answer.at("/result/requestState").asText();
    }

    private static void assertRefused(JsonNode answer, String why) {
        assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32602);
        assertThat(answer.at("/error/message").asText()).contains(why);
    }

    @Test
    void aPendingCallIsInputRequiredAndTheRetryCarryingTheStateRunsOnceApproved() throws Exception {
        start(Duration.ZERO);
        long before = prodRuns();
        JsonNode pending = runProd("alice-token", null);
        assertThat(pending.at("/result/resultType").asText()).isEqualTo("input_required");
        String id = approvalId(pending);
        JsonNode elicitation = pending.at("/result/inputRequests/dev.toolgate~1approval");
        assertThat(elicitation.path("method").asText()).isEqualTo("elicitation/create");
        assertThat(elicitation.at("/params/mode").asText()).isEqualTo("url");
        assertThat(elicitation.at("/params/url").asText())
                .isEqualTo("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id);
        assertThat(elicitation.at("/params/message").asText()).contains("run_workflow", id);
        assertThat(state(pending)).startsWith("tg1.");

        decide(id, "approve");
        JsonNode ran = runProd("alice-token", retry(state(pending), "accept"));
        assertThat(ran.at("/result/isError").asBoolean()).as(ran.toString()).isFalse();
        assertThat(ran.at("/result/content/0/text").asText()).contains("prod RUNNING");
        assertThat(prodRuns()).isEqualTo(before + 1);
        assertThat(proxy.metrics()).contains("toolgate_approval_answers_total{shape=\"input_required\"} 1.0");
    }

    @Test
    void aRetryWaitsForTheDecisionAndRunsWhenApprovedDuringTheWait() throws Exception {
        start(Duration.ofSeconds(20));
        long before = prodRuns();
        JsonNode pending = runProd("alice-token", null);
        CompletableFuture<HttpResponse<String>> waiting = ProxyFixture.HTTP_CLIENT.sendAsync(request("alice-token",
                "run_workflow", call(++ids, "run_workflow", PROD, URL_ELICITATION, retry(state(pending), "accept"))),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.metrics().contains("toolgate_approvals_waiting 1.0"));
        assertThat(waiting).isNotDone();

        decide(approvalId(pending), "approve");
        JsonNode ran = JsonRpcParser.MAPPER.readTree(waiting.get(10, TimeUnit.SECONDS).body());
        assertThat(ran.at("/result/isError").asBoolean()).as(ran.toString()).isFalse();
        assertThat(prodRuns()).isEqualTo(before + 1);
        assertThat(proxy.metrics()).contains("toolgate_approvals_waiting 0.0");
    }

    @Test
    void aWaitThatEndsUndecidedIsInputRequiredAgainWithAFreshState() throws Exception {
        start(Duration.ofMillis(300));
        JsonNode pending = runProd("alice-token", null);
        JsonNode again = runProd("alice-token", retry(state(pending), "accept"));
        assertThat(again.at("/result/resultType").asText()).isEqualTo("input_required");
        assertThat(approvalId(again)).isEqualTo(approvalId(pending));
        assertThat(state(again)).startsWith("tg1.").isNotEqualTo(state(pending));
        // and the fresh state works for the next retry
        decide(approvalId(again), "approve");
        assertThat(runProd("alice-token", retry(state(again), "accept")).at("/result/isError").asBoolean()).isFalse();
    }

    @Test
    void aDeniedRetryGetsTheDenial() throws Exception {
        start(Duration.ofSeconds(20));
        JsonNode pending = runProd("alice-token", null);
        decide(approvalId(pending), "deny");
        JsonNode denied = runProd("alice-token", retry(state(pending), "accept"));
        assertThat(denied.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(denied.at("/result/isError").asBoolean()).isTrue();
        assertThat(denied.at("/result/content/0/text").asText()).isEqualTo("Denied by the approver: by the book");
    }

    @Test
    void aTamperedStateIsRefusedAndNotForwarded() throws Exception {
        start(Duration.ZERO);
        long before = prodRuns();
        JsonNode pending = runProd("alice-token", null);
        decide(approvalId(pending), "approve");
        String state = state(pending);
        String payload = state.substring(4, state.lastIndexOf('.'));
        ObjectNode claims = (ObjectNode) JsonRpcParser.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        claims.put("e", claims.path("e").asLong() + 3600);
        String forged = "tg1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.toString().getBytes()) + state.substring(state.lastIndexOf('.'));
        assertRefused(runProd("alice-token", retry(forged, "accept")), "not issued by this proxy or was altered");
        assertRefused(runProd("alice-token", retry(state.substring(0, state.length() - 2) + "AA", "accept")),
                "not issued by this proxy or was altered");
        assertRefused(runProd("alice-token", retry("tg1.x", "accept")), "not issued by this proxy or was altered");
        assertThat(prodRuns()).isEqualTo(before);
        assertThat(proxy.audit.records).anySatisfy(line -> assertThat(line.rule()).isEqualTo("toolgate/approval-state"));
    }

    @Test
    void aStateIsUsedOnceOnly() throws Exception {
        start(Duration.ZERO);
        JsonNode pending = runProd("alice-token", null);
        JsonNode first = runProd("alice-token", retry(state(pending), "accept"));
        assertThat(first.at("/result/resultType").asText()).isEqualTo("input_required");
        assertRefused(runProd("alice-token", retry(state(pending), "accept")), "already used");
    }

    @Test
    void aStateOfAnotherIdentityOrOtherArgumentsIsRefused() throws Exception {
        start(Duration.ZERO);
        JsonNode pending = runProd("alice-token", null);
        decide(approvalId(pending), "approve");
        assertRefused(runProd("mallory-token", retry(state(pending), "accept")), "issued for another call");
        JsonNode other = send("alice-token", "run_workflow", call(++ids, "run_workflow",
                "{\"name\":\"prod\",\"input\":{\"ticket\":\"other\"}}", URL_ELICITATION, retry(state(pending), "accept")));
        assertRefused(other, "issued for another call");
    }

    @Test
    void anExpiredStateIsRefused() throws Exception {
        start(Duration.ZERO);
        JsonNode pending = runProd("alice-token", null);
        proxy.clock.advance(Duration.ofMinutes(10));
        assertRefused(runProd("alice-token", retry(state(pending), "accept")), "expired");
        // called again without it: a new request
        JsonNode fresh = runProd("alice-token", null);
        assertThat(fresh.at("/result/resultType").asText()).isEqualTo("input_required");
        assertThat(approvalId(fresh)).isNotEqualTo(approvalId(pending));
    }

    @Test
    void aDeclinedElicitationIsNotWaitedOnAndGetsTheToolResult() throws Exception {
        start(Duration.ofSeconds(20));
        JsonNode pending = runProd("alice-token", null);
        JsonNode declined = runProd("alice-token", retry(state(pending), "decline"));
        assertThat(declined.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(declined.at("/result/isError").asBoolean()).isTrue();
        assertThat(declined.at("/result/_meta/dev.toolgate~1decision/decision").asText()).isEqualTo("approval_pending");
    }

    @Test
    void aClientThatDoesNotDeclareUrlElicitationGetsTheToolResult() throws Exception {
        start(Duration.ZERO);
        JsonNode pending = send("alice-token", "run_workflow", call(++ids, "run_workflow", PROD, "{\"elicitation\":{}}", null));
        assertThat(pending.at("/result/isError").asBoolean()).isTrue();
        assertThat(pending.at("/result/inputRequests").isMissingNode()).isTrue();
        assertThat(pending.at("/result/_meta/dev.toolgate~1decision/decision").asText()).isEqualTo("approval_pending");
    }

    @Test
    void theApprovedRetryReachesTheUpstreamOnceWithoutTheProxysOwnInput() throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> {
            JsonNode id = JsonRpcParser.MAPPER.valueToTree(body.toJsonObject().getValue("id"));
            StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"resultType\":\"complete\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"ran\"}]}}");
        })) {
            ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
            ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
            proxy = new ProxyFixture(dir, upstream.uri(), ApprovalEndToEndTest.POLICY, options -> options.apiKeys(agents),
                    ApprovalOptions.decidedBy(admins).withDecisionWait(Duration.ZERO));
            JsonNode pending = runProd("alice-token", null);
            assertThat(upstream.bodies).isEmpty();
            decide(approvalId(pending), "approve");
            // an input of the upstream's own (its MRTR) rides along untouched; the proxy's is taken out
            String retry = retry(state(pending), "accept").replace("\"inputResponses\":{",
                    "\"inputResponses\":{\"upstream_key\":{\"action\":\"accept\"},");
            JsonNode ran = runProd("alice-token", retry);
            assertThat(ran.at("/result/content/0/text").asText()).isEqualTo("ran");
            assertThat(upstream.bodies).hasSize(1);
            JsonNode params = JsonRpcParser.MAPPER.readTree(upstream.bodies.get(0)).path("params");
            {
                assertThat(params.has("requestState")).isFalse();
                assertThat(params.path("inputResponses").has("dev.toolgate/approval")).isFalse();
                assertThat(params.path("inputResponses").has("upstream_key")).isTrue();
                assertThat(params.path("arguments")).isEqualTo(JsonRpcParser.MAPPER.readTree(PROD));
            }
        }
    }
}
