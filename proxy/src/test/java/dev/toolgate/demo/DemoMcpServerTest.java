package dev.toolgate.demo;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoMcpServerTest {
    private static DemoMcpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = DemoMcpServer.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static McpSyncClient client(String path) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port()).endpoint(path).build();
        McpSyncClient client = McpClient.sync(transport).build();
        client.initialize();
        return client;
    }

    @Test
    void listsTheWorkflowToolsAndRunsAWorkflowOverSessions() {
        try (McpSyncClient client = client(DemoMcpServer.MCP_PATH)) {
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("run_workflow", "list_workflows", "get_workflow_status", "cancel_workflow", "delete_workflow");
            McpSchema.CallToolResult started = client.callTool(new McpSchema.CallToolRequest("run_workflow", Map.of("name", "invoice")));
            assertThat(started.isError()).isFalse();
            String id = (String) ((Map<?, ?>) started.structuredContent()).get("workflowId");
            McpSchema.CallToolResult cancelled = client.callTool(new McpSchema.CallToolRequest("cancel_workflow", Map.of("workflowId", id)));
            assertThat(((McpSchema.TextContent) cancelled.content().get(0)).text()).isEqualTo(id + " invoice CANCELLED");
        }
    }

    @Test
    void answersAToolErrorForAnUnknownWorkflow() {
        try (McpSyncClient client = client(DemoMcpServer.MCP_PATH)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("get_workflow_status", Map.of("workflowId", "wf-nope")));
            assertThat(result.isError()).isTrue();
        }
    }
}
