package dev.toolgate.proxy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The policy file is watched: valid changes are live within 2 s with counters kept; invalid ones change nothing. */
class HotReloadTest extends DemoUpstreamTest {

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        proxy = ProxyFixture.demo(dir, demo);
    }

    private static boolean denied(McpSyncClient client, String tool) {
        McpSchema.CallToolResult result = client.callTool(new CallToolRequest(tool, Map.of("name", "nightly", "workflowId", "wf-404")));
        return result.meta() != null && result.meta().containsKey("dev.toolgate/decision");
    }

    @Test
    void aValidChangeIsLiveWithinTwoSecondsAndKeepsCounters() throws Exception {
        try (McpSyncClient client = proxy.mcpClient()) {
            for (int i = 0; i < 10; i++) {
                assertThat(denied(client, "run_workflow")).isFalse();
            }
            assertThat(denied(client, "delete_workflow")).isTrue();

            Files.writeString(proxy.policyFile, TestPolicies.demo().replace("""
                      delete_workflow:
                        action: deny
                        reason: "Deleting workflows is not permitted for agents; cancel the workflow instead"
                    """, "  delete_workflow: {}\n"));

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !denied(client, "delete_workflow"));
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("delete_workflow");
            // the ten runs before the reload still count
            assertThat(denied(client, "run_workflow")).isTrue();
        }
        assertThat(proxy.metrics()).contains("toolgate_policy_reloads_total 2.0");
    }

    @Test
    void anInvalidChangeIsRejectedCountedAndTheLastGoodPolicyStays() throws Exception {
        Files.writeString(proxy.policyFile, """
                version: "1"
                default: allow
                tools:
                  delete_workflow:
                    limits:
                      - {counter: c, window: minit, max: 1}
                """);

        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.metrics().contains("toolgate_policy_reload_failures_total 1.0"));
        try (McpSyncClient client = proxy.mcpClient()) {
            assertThat(denied(client, "delete_workflow")).isTrue();
            assertThat(denied(client, "list_workflows")).isFalse();
        }
    }
}
