package dev.toolgate.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** An MCP client (the MCP Java SDK over Streamable HTTP) calling tools through the proxy with a bearer token. */
public final class Agent implements AutoCloseable {
    private final McpSyncClient client;

    private Agent(McpSyncClient client) {
        this.client = client;
    }

    public static Agent connect(String proxyUrl, String token) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(proxyUrl).endpoint("/mcp")
                        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build())
                .requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
        return new Agent(client);
    }

    public CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    /** Whether the proxy refused the call ({@code isError} with the "Denied by policy" text the docs promise). */
    public boolean refused(String tool, Map<String, Object> arguments) {
        CallToolResult result = call(tool, arguments);
        return Boolean.TRUE.equals(result.isError()) && text(result).startsWith("Denied by policy");
    }

    public static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
