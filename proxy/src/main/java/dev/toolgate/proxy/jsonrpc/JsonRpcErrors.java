package dev.toolgate.proxy.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC error codes the proxy answers with, and the error response they go in. */
public final class JsonRpcErrors {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    /** Used for "the upstream MCP server is unavailable" (with HTTP 502) and other proxy failures. */
    public static final int INTERNAL_ERROR = -32603;
    /** MCP 2026-07-28 (SEP-2243): an {@code Mcp-Method}/{@code Mcp-Name} header does not match the body. */
    public static final int HEADER_MISMATCH = -32020;

    private JsonRpcErrors() {
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? NullNode.instance : id);
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return response;
    }
}
