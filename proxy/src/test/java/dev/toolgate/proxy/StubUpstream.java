package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A scripted upstream on a real socket, for what the demo server cannot be made to do: answer batches, hang,
 * drop the connection. It records every request body and counts connections that closed.
 */
final class StubUpstream implements AutoCloseable {
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger closedConnections = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    /** {@code behaviour} gets each request with its full body and answers it (or not). */
    StubUpstream(BiConsumer<HttpServerRequest, Buffer> behaviour) throws Exception {
        server = vertx.createHttpServer()
                .connectionHandler(connection -> connection.closeHandler(v -> closedConnections.incrementAndGet()))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    bodies.add(body.toString());
                    requests.add(request);
                    behaviour.accept(request, body);
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/mcp");
    }

    static void json(HttpServerRequest request, String json) {
        request.response().putHeader("Content-Type", "application/json").end(json);
    }

    /** Answers the JSON-RPC request in {@code body} with {@code result} (a JSON object), under the request's id. */
    static void result(HttpServerRequest request, Buffer body, String result) {
        JsonNode id;
        try {
            id = JsonRpcParser.MAPPER.readTree(body.toString()).get("id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json(request, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
