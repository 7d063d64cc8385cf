package dev.toolgate.proxy.approval;

/**
 * Where the proxy sends a notification of its own to an MCP session: the session's open GET (SSE) streams through
 * the proxy. Nothing is sent, and false returned, when the session has none (the client learns by retrying).
 */
@FunctionalInterface
public interface ElicitationNotices {
    /** Sends nothing anywhere. */
    ElicitationNotices NONE = (session, json) -> false;

    /** @param json one JSON-RPC notification */
    boolean send(String session, String json);
}
