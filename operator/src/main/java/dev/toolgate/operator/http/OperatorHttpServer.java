package dev.toolgate.operator.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** /metrics (Prometheus text), /healthz (the process serves) and /readyz (the operator started, informers healthy). */
public final class OperatorHttpServer implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;

    private OperatorHttpServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static OperatorHttpServer start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready)
            throws InterruptedException, ExecutionException, TimeoutException {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> handle(request, registry, ready))
                .listen(port)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new OperatorHttpServer(vertx, server);
    }

    private static void handle(HttpServerRequest request, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        var response = request.response();
        switch (request.path()) {
            case "/metrics" -> response.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
            case "/healthz" -> response.end("ok\n");
            case "/readyz" -> {
                if (ready.getAsBoolean()) {
                    response.end("ready\n");
                } else {
                    response.setStatusCode(503).end("not ready\n");
                }
            }
            default -> response.setStatusCode(404).end("not found\n");
        }
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
