package dev.toolgate.proxy.jsonrpc;

import java.util.List;

/**
 * A parsed POST body: one message or a batch (a JSON array). A batch keeps its order.
 *
 * @param batch    true when the body was a JSON array
 * @param messages the messages, at least one
 */
public record JsonRpcBody(boolean batch, List<JsonRpcMessage> messages) {
    public JsonRpcBody {
        messages = List.copyOf(messages);
    }
}
