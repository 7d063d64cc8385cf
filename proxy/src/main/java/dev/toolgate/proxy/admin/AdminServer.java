package dev.toolgate.proxy.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.function.BooleanSupplier;

/**
 * The admin port: {@code /metrics} (Prometheus text format), {@code /healthz} (the process serves) and
 * {@code /readyz} (a policy is in force and the MCP port is listening; 503 otherwise).
 */
public final class AdminServer {
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final BooleanSupplier ready;
    private HttpServer server;

    public AdminServer(Vertx vertx, MeterRegistry registry, BooleanSupplier ready) {
        this.vertx = vertx;
        this.registry = registry;
        this.ready = ready;
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/metrics" -> {
                if (registry instanceof PrometheusMeterRegistry prometheus) {
                    request.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                            .end(prometheus.scrape());
                } else {
                    request.response().setStatusCode(404).end("metrics go to a non-Prometheus registry\n");
                }
            }
            case "/healthz" -> request.response().end("ok\n");
            case "/readyz" -> {
                boolean isReady = ready.getAsBoolean();
                request.response().setStatusCode(isReady ? 200 : 503).end(isReady ? "ready\n" : "no policy in force yet\n");
            }
            default -> request.response().setStatusCode(404).end("not found: /metrics, /healthz, /readyz\n");
        }
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
