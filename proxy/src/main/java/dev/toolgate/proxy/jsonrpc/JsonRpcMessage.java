package dev.toolgate.proxy.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 message as received, classified once so later stages do not re-inspect the tree.
 *
 * @param node   the message object itself (forwarded unchanged)
 * @param kind   request, notification or response
 * @param id     the id of a request or response; null for notifications
 * @param method the method of a request or notification; null for responses
 * @param idKey  {@link #idKey(JsonNode)} of the id, built once here for every stage that matches answers; null without id
 */
public record JsonRpcMessage(ObjectNode node, Kind kind, JsonNode id, String method, String idKey) {
    public static final String TOOLS_CALL = "tools/call";
    public static final String TOOLS_LIST = "tools/list";

    public enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    public JsonRpcMessage(ObjectNode node, Kind kind, JsonNode id, String method) {
        this(node, kind, id, method, id == null ? null : idKey(id));
    }

    /**
     * The id as a map key: strings and numbers apart ({@code 1} and {@code "1"} are different ids), cheap to build.
     */
    public static String idKey(JsonNode id) {
        return id.isTextual() ? "s:" + id.textValue() : "n:" + id.asText();
    }

    public boolean isRequest(String name) {
        return kind == Kind.REQUEST && name.equals(method);
    }

    /** {@code params} as an object, or an empty object when absent. */
    public JsonNode params() {
        JsonNode params = node.get("params");
        return params == null ? node.objectNode() : params;
    }
}
