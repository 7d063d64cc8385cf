package dev.toolgate.proxy.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

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

    /**
     * Answers without reading the rest of the request body: over HTTP/1.x the connection is closed once the answer
     * is written (the unread body would otherwise be taken for the next request); over HTTP/2 only the stream is reset.
     */
    public static void errorAndClose(HttpServerRequest request, int status, int code, String message) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (!http2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(Buffer.buffer(serialize(JsonRpcErrors.error(null, code, message))))
                .onComplete(written -> {
                    if (request.isEnded()) {
                        return;
                    }
                    if (http2) {
                        response.reset();
                    } else {
                        request.connection().close();
                    }
                });
    }

    public static byte[] serialize(JsonNode body) {
        try {
            return JsonRpcParser.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
