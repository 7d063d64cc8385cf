package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditSink;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client can make the proxy remember about sessions is bounded: ids are short visible ASCII, only sessions
 * the upstream accepted are tracked, at most {@code maxSessions} of them; and {@code /healthz} fails when an event
 * loop cannot serve.
 */
class SessionBoundsTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger issued = new AtomicInteger();
    private StubUpstream upstream;
    private ProxyFixture proxy;

    /** An upstream that hands out s-1, s-2, … on initialize, knows those, and answers 404 for any other id. */
    private void start(Path dir, String policy, Consumer<ProxyOptions.Builder> options) throws Exception {
        upstream = new StubUpstream((request, body) -> {
            String session = request.getHeader("Mcp-Session-Id");
            if (body.toString().contains("\"initialize\"")) {
                request.response().putHeader("Mcp-Session-Id", "s-" + issued.incrementAndGet());
            } else if (session != null && !(session.startsWith("s-") && session.length() < 6)) {
                request.response().setStatusCode(404).end();
                return;
            }
            if (request.method() == HttpMethod.DELETE) {
                request.response().end();
                return;
            }
            StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        });
        proxy = new ProxyFixture(dir, upstream.uri(), policy, options);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    @Test
    void aFloodOfForgedSessionIdsIsNotRemembered(@TempDir Path dir) throws Exception {
        start(dir, TestPolicies.ALLOW_ALL, options -> { });
        for (int i = 0; i < 100; i++) {
            var response = proxy.post(PING, "Mcp-Session-Id", i + "-" + "x".repeat(4096));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                    .isEqualTo("Bad Request: an Mcp-Session-Id is 1 to 256 visible ASCII characters");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(proxy.post(PING, "Mcp-Session-Id", "forged-" + i).statusCode()).isEqualTo(404);
        }

        assertThat(upstream.bodies).hasSize(100); // only the well-formed ones went upstream, and it knew none of them
        assertThat(proxy.server.openSessions()).isZero();
    }

    @Test
    void atTheCapANewSessionIsRefusedAndLiveOnesKept(@TempDir Path dir) throws Exception {
        start(dir, TestPolicies.ALLOW_ALL, options -> options.maxSessions(2));
        assertThat(proxy.post(ProxyFixture.INITIALIZE).headers().firstValue("Mcp-Session-Id")).hasValue("s-1");
        assertThat(proxy.post(ProxyFixture.INITIALIZE).headers().firstValue("Mcp-Session-Id")).hasValue("s-2");

        HttpResponse<String> refused = proxy.post(ProxyFixture.INITIALIZE);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .isEqualTo("Service Unavailable: too many open sessions");
        assertThat(issued).hasValue(2);
        assertThat(proxy.post(PING, "Mcp-Session-Id", "s-1").statusCode()).isEqualTo(200);
        var delete = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri()).header("Mcp-Session-Id", "s-2").DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(proxy.post(ProxyFixture.INITIALIZE).headers().firstValue("Mcp-Session-Id")).hasValue("s-3");
        assertThat(proxy.server.openSessions()).isEqualTo(2);
    }

    @Test
    void healthzFailsWhileAnEventLoopIsBlocked(@TempDir Path dir) throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditSink blocker = new AuditSink() {
            @Override
            public void record(AuditRecord record) {
                // runs on the event loop that decided the call: the fault a stuck loop stands for
                blocking.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        start(dir, """
                {"version": "1", "default": "allow", "tools": {"stall": {"action": "deny"}}}
                """, options -> options.sink(blocker).livenessTimeout(Duration.ofMillis(200)));
        assertThat(healthz().statusCode()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> stalled = ProxyFixture.HTTP_CLIENT.sendAsync(HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"stall\",\"arguments\":{}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            HttpResponse<String> blocked = healthz();

            assertThat(blocked.statusCode()).isEqualTo(503);
            assertThat(blocked.body()).isEqualTo("an event loop did not run a task within 200 ms\n");
        } finally {
            release.countDown();
        }
        assertThat(stalled.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(healthz().statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> healthz() throws Exception {
        return ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + "/healthz")).build());
    }
}
