package dev.toolgate.proxy.jsonrpc;

/**
 * What a tool name in a {@code tools/call} may be before the proxy decides, records or forwards it. The MCP
 * specification (2025-11-25, server/tools, "Tool names") says names SHOULD be 1 to 128 characters of
 * {@code [A-Za-z0-9_.-]}; a name the proxy cannot record safely (longer, or with control characters that would
 * break a log line read as text) is refused, while other characters outside the spec's set pass, since the upstream
 * is the judge of its own names.
 */
public final class ToolNames {
    public static final int MAX_LENGTH = 128;

    private ToolNames() {
    }

    public static boolean acceptable(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
