package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The MCP 2025-11-25 path end to end with the MCP Java SDK's client (2.1.0 speaks 2025-11-25, declares URL
 * elicitation when asked, surfaces {@code -32042} as an {@link McpError} and hands
 * {@code notifications/elicitation/complete} to a consumer): the pending call is the URL-elicitation-required error,
 * the approval's decision arrives as {@code notifications/elicitation/complete} on the session's GET stream through
 * the proxy, and the retry runs upstream once. A client that does not declare URL elicitation keeps the tool result.
 * The demo upstream pings its sessions (every 2 s), so a GET stream's response head (and so the proxy's relay of it) starts at
 * once rather than with the first event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrlElicitationApprovalTest {
    private static final String KEYS = """
            keys:
              - {token: alice-token, identity: alice, grant: ops}
            """;
    private static final String ADMINS = """
            keys:
              - {token: bob-admin-token, identity: bob}
            """;
    private static final Map<String, Object> PROD = Map.of("name", "prod", "input", Map.of("ticket", "elicit"));

    private DemoMcpServer demo;
    private ProxyFixture proxy;
    private final BlockingQueue<McpSchema.ElicitationCompleteNotification> completed = new LinkedBlockingQueue<>();

    @BeforeAll
    void startDemo() throws Exception {
        demo = DemoMcpServer.start(0, Duration.ofSeconds(2));
    }

    @AfterAll
    void stopDemo() throws Exception {
        demo.close();
    }

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        proxy = new ProxyFixture(dir, demo.mcpUri(), ApprovalEndToEndTest.POLICY, options -> options.apiKeys(agents),
                ApprovalOptions.decidedBy(admins).withTtl(Duration.ofMinutes(10)));
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    /** A 2025-11-25 client; with {@code urlElicitation} it declares {@code elicitation.url} in initialize. */
    private McpSyncClient agent(boolean urlElicitation) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + proxy.server.port()).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer alice-token")).build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10));
        if (urlElicitation) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation(false, true).build())
                    .urlElicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, null))
                    .elicitationCompleteConsumer(completed::add);
        }
        McpSyncClient client = spec.build();
        client.initialize();
        if (urlElicitation) {
            // the client opens its GET stream on its own after initialize: nothing could reach it before that
            await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server.openStreams() > 0);
        }
        return client;
    }

    private long prodRuns(McpSyncClient client) {
        String listed = ((TextContent) client.callTool(new CallToolRequest("list_workflows", Map.of())).content().get(0)).text();
        return listed.lines().filter(line -> line.contains(" prod ")).count();
    }

    private void decide(String id, String verb, String reason) throws Exception {
        HttpResponse<String> response = ProxyFixture.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id + "/" + verb))
                .header("Authorization", "Bearer bob-admin-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"" + reason + "\"}")).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode data(McpError error) {
        return JsonRpcParser.MAPPER.valueToTree(error.getJsonRpcError().data());
    }

    @Test
    void aPendingCallIsTheUrlElicitationErrorThenCompleteArrivesOnTheStreamAndTheRetryRunsOnce() throws Exception {
        try (McpSyncClient alice = agent(true)) {
            long before = prodRuns(alice);
            McpError error = catchThrowableOfType(McpError.class,
                    () -> alice.callTool(new CallToolRequest("run_workflow", PROD)));
            assertThat(error.getJsonRpcError().code()).isEqualTo(-32042);
            JsonNode elicitation = data(error).path("elicitations").get(0);
            String id = data(error).path("dev.toolgate/decision").path("id").asText();
            assertThat(elicitation.path("mode").asText()).isEqualTo("url");
            assertThat(elicitation.path("elicitationId").asText()).isEqualTo(id);
            assertThat(elicitation.path("url").asText())
                    .isEqualTo("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id);
            assertThat(elicitation.path("message").asText()).contains("run_workflow", id);

            decide(id, "approve", "ok");
            McpSchema.ElicitationCompleteNotification complete = completed.poll(10, TimeUnit.SECONDS);
            assertThat(complete).as("notifications/elicitation/complete on the GET stream").isNotNull();
            assertThat(complete.elicitationId()).isEqualTo(id);

            CallToolResult ran = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(ran.isError()).isFalse();
            assertThat(prodRuns(alice)).isEqualTo(before + 1);
        }
        assertThat(proxy.audit.approvals().stream().filter(r -> r.event().equals("consumed"))).hasSize(1);
        assertThat(proxy.metrics()).contains("toolgate_approval_answers_total{shape=\"url_elicitation_error\"} 1.0")
                .contains("toolgate_approval_answers_total{shape=\"tool_result\"} 0.0");
    }

    @Test
    void aDeniedRetryGetsTheDenialAndTheStreamHearsOfIt() throws Exception {
        try (McpSyncClient alice = agent(true)) {
            McpError error = catchThrowableOfType(McpError.class,
                    () -> alice.callTool(new CallToolRequest("run_workflow", PROD)));
            String id = data(error).path("elicitations").get(0).path("elicitationId").asText();
            decide(id, "deny", "not today");
            assertThat(completed.poll(10, TimeUnit.SECONDS)).isNotNull()
                    .satisfies(n -> assertThat(n.elicitationId()).isEqualTo(id));
            CallToolResult denied = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(denied.isError()).isTrue();
            assertThat(((TextContent) denied.content().get(0)).text()).isEqualTo("Denied by the approver: not today");
        }
    }

    @Test
    void aClientWithoutUrlElicitationKeepsTheToolResult() throws Exception {
        try (McpSyncClient alice = agent(false)) {
            CallToolResult pending = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(pending.isError()).isTrue();
            assertThat(JsonRpcParser.MAPPER.valueToTree(pending.meta()).path("dev.toolgate/decision").path("decision")
                    .asText()).isEqualTo("approval_pending");
        }
    }
}
