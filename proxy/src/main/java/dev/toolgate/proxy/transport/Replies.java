package dev.toolgate.proxy.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Responses the proxy writes itself: JSON bodies, JSON-RPC errors with the HTTP status that goes with them. */
public final class Replies {
    public static final String APPLICATION_JSON = "application/json";
    public static final String TEXT_EVENT_STREAM = "text/event-stream";

    private Replies() {
    }

    public static void json(HttpServerResponse response, int status, JsonNode body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(Buffer.buffer(serialize(body)));
    }

    public static void error(HttpServerResponse response, int status, JsonNode id, int code, String message) {
        json(response, status, JsonRpcErrors.error(id, code, message));
    }

    /** Answers and closes the connection: used when the rest of a request body is not going to be read. */
    public static void errorAndClose(HttpServerResponse response, int status, int code, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.putHeader(HttpHeaders.CONNECTION, "close");
        error(response, status, null, code, message);
        response.close();
    }

    public static byte[] serialize(JsonNode body) {
        try {
            return JsonRpcParser.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
