package dev.toolgate.proxy;

import dev.toolgate.demo.DemoMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin port: Prometheus metrics named as documented, health and readiness. */
class AdminEndpointsTest {
    @Test
    void metricsHealthAndReadiness(@TempDir Path dir) throws Exception {
        try (DemoMcpServer demo = DemoMcpServer.start(0); ProxyFixture proxy = ProxyFixture.demo(dir, demo)) {
            try (McpSyncClient client = proxy.mcpClient()) {
                client.callTool(new CallToolRequest("list_workflows", Map.of()));
                client.callTool(new CallToolRequest("delete_workflow", Map.of("workflowId", "wf-1")));
            }
            String admin = "http://127.0.0.1:" + proxy.server.adminPort();
            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create(admin + "/healthz")).build()).statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create(admin + "/readyz")).build()).statusCode()).isEqualTo(200);
            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create(admin + "/nope")).build()).statusCode()).isEqualTo(404);

            String metrics = proxy.metrics();
            assertThat(metrics).contains(
                    "toolgate_tool_calls_total{decision=\"allow\",tool=\"list_workflows\"} 1.0",
                    "toolgate_tool_calls_total{decision=\"deny\",tool=\"delete_workflow\"} 1.0",
                    "toolgate_decision_seconds_count 2",
                    "toolgate_upstream_seconds_count{method=\"POST\",status=\"2xx\"}",
                    "toolgate_sessions_open",
                    "toolgate_policy_reloads_total 1.0",
                    "toolgate_policy_reload_failures_total 0.0");
        }
    }
}
