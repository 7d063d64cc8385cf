package dev.toolgate.cli;

import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.source.FilePolicySource;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code approvals list|approve|deny} against a running proxy's admin port, with a real MCP client as the agent. */
class ApprovalsCommandTest {
    private static final String POLICY = """
            {"version": "1", "default": "allow",
             "tools": {"cancel_workflow": {"action": "require_approval", "reason": "cancelling needs a person"}}}
            """;
    private DemoMcpServer demo;
    private ProxyServer proxy;
    private Path tokenFile;
    private String adminUrl;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        demo = DemoMcpServer.start(0);
        Path policy = Files.writeString(dir.resolve("policy.json"), POLICY);
        tokenFile = Files.writeString(dir.resolve("token"), "bob-admin-token\n");
        ApiKeys admins = new ApiKeys(List.of(new ApiKey("bob-admin-token", "bob", null)));
        proxy = ProxyServer.start(ProxyOptions.builder(demo.mcpUri()).port(0).adminPort(0).eventLoops(1).build(),
                new FilePolicySource(policy), ApprovalOptions.decidedBy(admins));
        adminUrl = "http://127.0.0.1:" + proxy.adminPort();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        demo.close();
    }

    private McpSyncClient agent() {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + proxy.port())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
        return client;
    }

    private static String approvalId(CallToolResult result) {
        return JsonRpcParser.MAPPER.valueToTree(result.meta()).path("dev.toolgate/decision").path("id").asText();
    }

    @Test
    void listShowsThePendingCallAndApproveLetsTheRetryRun() throws Exception {
        try (McpSyncClient agent = agent()) {
            Map<String, Object> args = Map.of("workflowId", "wf-1");
            String id = approvalId(agent.callTool(new CallToolRequest("cancel_workflow", args)));

            CliRun list = CliRun.of("approvals", "list", "--admin-url", adminUrl, "--token-file", tokenFile.toString());
            assertThat(list.exitCode()).isZero();
            String[] lines = list.out().split("\n");
            assertThat(lines[1].split("\\s+")).startsWith(id, "pending", "cancel_workflow", "anonymous");
            assertThat(lines[1]).endsWith("{\"workflowId\":\"wf-1\"}");

            CliRun approve = CliRun.of("approvals", "approve", id, "--reason", "ok", "--admin-url", adminUrl,
                    "--token-file", tokenFile.toString());
            assertThat(approve.out().strip()).isEqualTo(id + " approved by bob");
            CallToolResult retried = agent.callTool(new CallToolRequest("cancel_workflow", args));
            assertThat(retried.meta() == null || !retried.meta().containsKey("dev.toolgate/decision")).isTrue();
        }
    }

    @Test
    void denyNeedsAReasonAndAWrongTokenIsRefused(@TempDir Path dir) throws Exception {
        try (McpSyncClient agent = agent()) {
            String id = approvalId(agent.callTool(new CallToolRequest("cancel_workflow", Map.of("workflowId", "wf-2"))));
            assertThat(CliRun.of("approvals", "deny", id, "--admin-url", adminUrl, "--token-file", tokenFile.toString())
                    .exitCode()).isEqualTo(2);
            Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
            CliRun refused = CliRun.of("approvals", "deny", id, "--reason", "no", "--admin-url", adminUrl,
                    "--token-file", wrong.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip()).isEqualTo("approvals: 401 send Authorization: Bearer <admin token>");
            CliRun denied = CliRun.of("approvals", "deny", id, "--reason", "not now", "--admin-url", adminUrl,
                    "--token-file", tokenFile.toString());
            assertThat(denied.out().strip()).isEqualTo(id + " denied by bob");
            CallToolResult retried = agent.callTool(new CallToolRequest("cancel_workflow", Map.of("workflowId", "wf-2")));
            assertThat(JsonRpcParser.MAPPER.valueToTree(retried.meta()).path("dev.toolgate/decision").path("reason")
                    .asText()).isEqualTo("not now");
        }
    }
}
