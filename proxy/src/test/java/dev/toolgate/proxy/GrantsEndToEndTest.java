package dev.toolgate.proxy;

import dev.toolgate.proxy.auth.ApiKeys;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's policy with its grants: section and its two API keys, through the proxy with the MCP Java SDK client: the
 * ops agent (grant operators) may run workflows, the reporting agent (grant viewers) may only read them, and each sees
 * in tools/list only what it may call.
 */
class GrantsEndToEndTest extends DemoUpstreamTest {
    private static final String OPERATOR_KEY = "demo-operator-key";
    private static final String VIEWER_KEY = "demo-viewer-key";

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys keys = ApiKeys.load(Files.writeString(dir.resolve("api-keys.yaml"), TestPolicies.demoApiKeys()));
        proxy = new ProxyFixture(dir, demo.mcpUri(), TestPolicies.demoWithGrants(), options -> options.apiKeys(keys));
    }

    private McpSyncClient client(String token) {
        return proxy.mcpClient(transport -> transport.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)));
    }

    @Test
    void eachCallerSeesInToolsListOnlyWhatItMayCall() {
        try (McpSyncClient operator = client(OPERATOR_KEY); McpSyncClient viewer = client(VIEWER_KEY)) {
            assertThat(operator.listTools().tools()).extracting(Tool::name).containsExactlyInAnyOrder("run_workflow",
                    "list_workflows", "get_workflow_status", "pause_workflow", "resume_workflow", "cancel_workflow");
            assertThat(viewer.listTools().tools()).extracting(Tool::name)
                    .containsExactlyInAnyOrder("list_workflows", "get_workflow_status");
        }
    }

    @Test
    void theOperatorMayRunAWorkflowAndTheViewerIsToldWhichGrantItLacksWithoutTheOtherSubjects() {
        CallToolRequest run = new CallToolRequest("run_workflow", Map.of("name", "nightly"));
        try (McpSyncClient operator = client(OPERATOR_KEY); McpSyncClient viewer = client(VIEWER_KEY)) {
            CallToolResult refused = viewer.callTool(run);
            assertThat(refused.isError()).isTrue();
            assertThat(((TextContent) refused.content().get(0)).text()).isEqualTo("Denied by policy: tool \"run_workflow\" "
                    + "is not granted to identity \"report-agent\" (grants: viewers); none of its grants includes it");
            assertThat(refused.meta().get("dev.toolgate/decision"))
                    .isEqualTo(Map.of("decision", "deny", "rule", "grants", "tool", "run_workflow"));
            assertThat(viewer.callTool(new CallToolRequest("list_workflows", Map.of())).isError()).isFalse();

            assertThat(operator.callTool(run).isError()).isFalse();
            // the upstream ran the operator's workflow only
            CallToolResult listed = operator.callTool(new CallToolRequest("list_workflows", Map.of()));
            assertThat(((TextContent) listed.content().get(0)).text()).containsOnlyOnce("nightly");
        }
        assertThat(proxy.audit.records).extracting(r -> r.identity() + "/" + r.grant() + "/" + r.tool() + "/" + r.decision() + "/" + r.rule())
                .containsExactlyInAnyOrder("report-agent/viewers/run_workflow/DENY/grants",
                        "report-agent/viewers/list_workflows/ALLOW/default", "ops-agent/operators/run_workflow/ALLOW/run_workflow_rate",
                        "ops-agent/operators/list_workflows/ALLOW/default");
    }

    @Test
    void aGrantedToolStillObeysItsOwnRules() {
        try (McpSyncClient operator = client(OPERATOR_KEY)) {
            CallToolResult delete = operator.callTool(new CallToolRequest("delete_workflow", Map.of("workflowId", "wf-1")));
            assertThat(delete.isError()).isTrue();
            assertThat(delete.meta().get("dev.toolgate/decision")).isEqualTo(
                    Map.of("decision", "deny", "rule", "delete_workflow", "tool", "delete_workflow"));
        }
    }
}
