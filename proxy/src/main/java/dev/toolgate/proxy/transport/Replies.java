package dev.toolgate.proxy.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;

import java.nio.charset.StandardCharsets;

/** Responses the proxy writes itself: JSON bodies, JSON-RPC errors with the HTTP status that goes with them. */
public final class Replies {
    public static final String APPLICATION_JSON = "application/json";
    public static final String TEXT_EVENT_STREAM = "text/event-stream";

    private Replies() {
    }

    public static void json(ClientResponse response, int status, JsonNode body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
                .end(Unpooled.wrappedBuffer(serialize(body)));
    }

    public static void error(ClientResponse response, int status, JsonNode id, int code, String message) {
        json(response, status, JsonRpcErrors.error(id, code, message));
    }

    /**
     * Answers without reading the rest of the request body, and closes the connection once the answer is written: the
     * unread body would otherwise be taken for the next request.
     */
    public static void errorAndClose(ClientRequest request, int status, int code, String message) {
        ClientResponse response = request.response();
        response.putHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        error(response, status, null, code, message);
    }

    /**
     * A whole HTTP/1.1 response with a JSON-RPC error, as bytes, that closes the connection: for answers written
     * where no HTTP codec is in the pipeline (a refused connection, a head that never completed).
     */
    public static ByteBuf raw(int status, String reason, int code, String message) {
        byte[] body = serialize(JsonRpcErrors.error(null, code, message));
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + APPLICATION_JSON
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    public static byte[] serialize(JsonNode body) {
        try {
            return JsonRpcParser.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
