package dev.toolgate.operator.http;

import dev.toolgate.admin.AdminRoute;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route answering later (as the approvals API does, after asking the API server) does not hold the one event loop:
 * the probes answer meanwhile, and the late answer arrives when the route completes; a failed one is a 500.
 */
class OperatorHttpServerTest {
    private final CompletableFuture<FullHttpResponse> later = new CompletableFuture<>();

    private final AdminRoute slow = new AdminRoute() {
        @Override
        public boolean serves(String path) {
            return path.startsWith("/slow");
        }

        @Override
        public CompletionStage<FullHttpResponse> answerLater(FullHttpRequest request) {
            return later;
        }
    };

    @Test
    void aRouteAnsweringLaterLeavesTheLoopFreeAndIsAnsweredWhenItCompletes() throws Exception {
        try (var server = OperatorHttpServer.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of(slow))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request(server, "/slow"), HttpResponse.BodyHandlers.ofString());

            assertThat(http.send(request(server, "/readyz"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(waiting).isNotDone();

            later.complete(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED,
                    Unpooled.copiedBuffer("late", StandardCharsets.UTF_8)));
            HttpResponse<String> answer = waiting.get();
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo("late");
        }
    }

    @Test
    void aRouteThatFailsIsA500() throws Exception {
        later.completeExceptionally(new IllegalStateException("boom"));
        try (var server = OperatorHttpServer.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, List.of(slow))) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request(server, "/slow"), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).doesNotContain("boom");
        }
    }

    private static HttpRequest request(OperatorHttpServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10)).build();
    }
}
