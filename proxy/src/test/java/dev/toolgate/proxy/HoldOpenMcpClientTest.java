package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.hold.HoldOpenOptions;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent that never retries: the MCP Java SDK's client (it accepts an SSE answer to its POST) calls a tool that needs
 * approval, and its one call returns the tool's result once a person approves while the call is held open.
 */
class HoldOpenMcpClientTest extends DemoUpstreamTest {
    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"),
                "keys:\n  - {token: alice-token, identity: alice, grant: ops}\n"));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"),
                "keys:\n  - {token: bob-admin-token, identity: bob}\n"));
        proxy = new ProxyFixture(dir, demo.mcpUri(), ApprovalEndToEndTest.POLICY, options -> options.apiKeys(agents),
                ApprovalOptions.decidedBy(admins).withHoldOpen(HoldOpenOptions.upTo(Duration.ofSeconds(30))
                        .withKeepAliveEvery(Duration.ofMillis(200))));
    }

    private String pendingId() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode approvals = JsonRpcParser.MAPPER.readTree(ProxyFixture.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals"))
                    .header("Authorization", "Bearer bob-admin-token").build()).body()).path("approvals");
            return approvals.isEmpty() ? null : approvals.get(0).path("id").asText();
        }, id -> id != null);
    }

    @Test
    void theSdkClientsOneCallReturnsTheResultOnceApproved() throws Exception {
        try (McpSyncClient alice = proxy.mcpClient(t -> t.requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer alice-token")))) {
            CompletableFuture<CallToolResult> call = CompletableFuture.supplyAsync(() ->
                    alice.callTool(new CallToolRequest("run_workflow", Map.of("name", "prod"))));
            String id = pendingId();
            Thread.sleep(500); // held across keep-alives, not answered
            assertThat(call).isNotDone();

            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort()
                            + "/approvals/" + id + "/approve")).header("Authorization", "Bearer bob-admin-token")
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);

            CallToolResult result = call.get(10, TimeUnit.SECONDS);
            assertThat(result.isError()).isFalse();
            assertThat(result.meta() == null || !result.meta().containsKey("dev.toolgate/decision")).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.audit.records.stream()
                .anyMatch(r -> r.tool().equals("run_workflow") && r.decision() == Outcome.ALLOW));
        assertThat(proxy.audit.records).filteredOn(r -> r.tool().equals("run_workflow") && r.decision() == Outcome.ALLOW)
                .as("run upstream exactly once").hasSize(1);
        assertThat(proxy.audit.approvals()).filteredOn(r -> r.event().equals("consumed")).hasSize(1);
    }
}
