package dev.toolgate.demo;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;
import java.util.function.Function;

/** One tool of the demo server: its MCP definition and what it does with the call's arguments. */
record DemoTool(McpSchema.Tool definition, Function<Map<String, Object>, McpSchema.CallToolResult> handler) {

    McpSchema.CallToolResult call(McpSchema.CallToolRequest request) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        return handler.apply(arguments);
    }
}
