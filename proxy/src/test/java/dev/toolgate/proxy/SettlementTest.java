package dev.toolgate.proxy;

import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.audit.AuditRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counter reservations: committed when the upstream answers with a result (a tool error included), rolled back on a
 * JSON-RPC error, an HTTP failure, a dropped connection or a stream that ends unanswered. The policy allows one
 * run_workflow a minute, so the second call shows whether the first one counted.
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
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ONE_RUN_PER_MINUTE);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
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
    void anHttpFailureRollsBack() throws Exception {
        start((request, body) -> request.response().setStatusCode(500).end("oops"));
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(500);

        assertThat(secondCallAllowed()).isTrue();
        assertThat(firstAudit().upstreamStatus()).isEqualTo(500);
    }

    @Test
    void aDroppedConnectionRollsBack() throws Exception {
        start((request, body) -> request.connection().close());
        assertThat(proxy.post(RUN).statusCode()).isEqualTo(502);

        assertThat(secondCallAllowed()).isTrue();
        assertThat(firstAudit().upstreamStatus()).isNull();
    }

    @Test
    void aStreamThatEndsWithoutTheAnswerRollsBack() throws Exception {
        start((request, body) -> request.response().putHeader("Content-Type", "text/event-stream")
                .end("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n"));
        assertThat(proxy.post(RUN).body()).contains("notifications/progress");

        assertThat(secondCallAllowed()).isTrue();
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
