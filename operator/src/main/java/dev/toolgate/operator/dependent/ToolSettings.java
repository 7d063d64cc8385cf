package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolsSpec;

/** The proxy flags that come from an McpServer's {@code spec.tools}. */
final class ToolSettings {
    private ToolSettings() {
    }

    static boolean trustAnnotations(McpServer server) {
        ToolsSpec tools = server.getSpec().getTools();
        return tools != null && Boolean.TRUE.equals(tools.getTrustAnnotations());
    }

    /** The flag's value, or null for the proxy's default (require_approval). */
    static String onChange(McpServer server) {
        ToolsSpec tools = server.getSpec().getTools();
        return tools == null || tools.getOnChange() == null ? null : tools.getOnChange().keyword();
    }
}
