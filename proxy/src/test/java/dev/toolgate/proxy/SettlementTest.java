package dev.toolgate.proxy;

import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.audit.AuditRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counter reservations: a call never sent upstream is rolled back; once any byte of it was sent it counts unless the
 * upstream answers it with a JSON-RPC error. So a result (a tool error included), an HTTP failure, a dropped
 * connection, an upstream timeout, a stream that ends unanswered and a client that hangs up after forwarding all
 * commit; a JSON-RPC error and an upstream that cannot be reached roll back. The policy allows one run_workflow a
 * minute, so the second call shows whether the first one counted. {@code RedisSettlementTest} runs the same with the
 * counters in Redis.
 */
class SettlementTest {
    private static final String RUN = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\",\"arguments\":{}}}";
    @TempDir
    Path dir;
    private StubUpstream upstream;
    private ProxyFixture proxy;

    /** The first call gets {@code first}; later ones a plain result. */
    private void start(BiConsumer<HttpServerRequest, Buffer> first) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        upstream = new StubUpstream((request, body) -> {
            if (calls.getAndIncrement() == 0) {
                first.accept(request, body);
            } else {
                StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
            }
        });
        proxy = fixture(upstream.uri(), options -> { });
    }

    /** Where the counters live: in memory here; a subclass moves them (to Redis). */
    protected void configure(ProxyOptions.Builder options) {
    }

    private ProxyFixture fixture(URI upstreamUri, Consumer<ProxyOptions.Builder> customize) throws Exception {
        return new ProxyFixture(dir, upstreamUri, TestPolicies.ONE_RUN_PER_MINUTE, options -> {
            customize.accept(options);
            configure(options);
        });
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    private boolean secondCallAllowed() throws Exception {
        HttpResponse<String> second = proxy.post(RUN);
        return !second.body().contains("dev.toolgate/decision");
    }

    private AuditRecord firstAudit() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxy.audit.records.isEmpty());
        return proxy.audit.records.get(0);
    }

    @Test
    void aResultCommits() throws Exception {
        start((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"));
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(200);

        assertThat(secondCallAllowed()).isFalse();
        assertThat(firstAudit().upstreamStatus()).isEqualTo(200);
    }

    @Test
    void aToolErrorResultCommitsToo() throws Exception {
        start((request, body) -> StubUpstream.json(request,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"boom\"}],\"isError\":true}}"));
        proxy.post(RUN);

        assertThat(secondCallAllowed()).isFalse();
    }

    @Test
    void aJsonRpcErrorRollsBack() throws Exception {
        start((request, body) -> StubUpstream.json(request,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"internal\"}}"));
        assertThat(proxy.post(RUN).body()).contains("-32603");

        assertThat(secondCallAllowed()).isTrue();
        assertThat(firstAudit().decision()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aNon2xxAnswerWithoutTheResultCommits() throws Exception {
        start((request, body) -> request.response().setStatusCode(500).end("oops"));
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(500);

        assertThat(secondCallAllowed()).isFalse();
        assertThat(firstAudit().upstreamStatus()).isEqualTo(500);
    }

    @Test
    void aConnectionDroppedAfterSendingCommits() throws Exception {
        start((request, body) -> request.connection().close());
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(502);

        assertThat(secondCallAllowed()).isFalse();
        assertThat(firstAudit().upstreamStatus()).isNull();
    }

    @Test
    void aStreamThatEndsWithoutTheAnswerCommits() throws Exception {
        start((request, body) -> request.response().putHeader("Content-Type", "text/event-stream")
                .end("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n"));
        assertThat(proxy.post(RUN).body()).contains("notifications/progress");

        assertThat(secondCallAllowed()).isFalse();
    }

    @Test
    void anUpstreamTimeoutAfterSendingCommits() throws Exception {
        upstream = new StubUpstream((request, body) -> { }); // takes the call, never answers
        proxy = fixture(upstream.uri(), options -> options.upstreamResponseTimeout(Duration.ofMillis(200)));
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(502);

        assertThat(secondCallAllowed()).isFalse();
    }

    @Test
    void aClientHangingUpAfterForwardingCommits() throws Exception {
        upstream = new StubUpstream((request, body) -> { }); // takes the call, never answers
        proxy = fixture(upstream.uri(), options -> { });
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + RUN.length() + "\r\n\r\n" + RUN);
            await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.bodies.isEmpty());
        }
        firstAudit();

        assertThat(secondCallAllowed()).as("the hung-up call counts: its answer could be read later").isFalse();
    }

    @Test
    void anUpstreamThatCannotBeReachedRollsBack() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mcp");
        }
        proxy = fixture(closed, options -> { });
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(502);

        assertThat(firstAudit().upstreamStatus()).isNull();
        assertThat(secondCallAllowed()).as("nothing was sent, so nothing ran").isTrue();
    }

    @Test
    void anAnswerInsideAnSseStreamCommits() throws Exception {
        start((request, body) -> {
            var response = request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
            response.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n");
            response.write("id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,");
            response.end("\"result\":{\"content\":[]}}\n\n");
        });
        HttpResponse<String> first = proxy.post(RUN);
        assertThat(first.body()).contains("id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n");

        assertThat(secondCallAllowed()).isFalse();
    }
}
