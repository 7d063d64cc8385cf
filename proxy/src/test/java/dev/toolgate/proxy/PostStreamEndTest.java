package dev.toolgate.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A POST answered as an SSE stream is complete once every request in it has its answer: the client's response ends
 * with the last answer, without waiting for the upstream to end its stream too. Until then it stays open.
 */
class PostStreamEndTest {
    private static final String PROGRESS = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n";
    private static final String ANSWER_1 = "id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n";
    private static final String ANSWER_2 = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"two\",\"result\":{}}\n\n";
    private static final String RUN = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\",\"arguments\":{}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"ping\"}";

    @TempDir
    Path dir;
    private StubUpstream upstream;
    private ProxyFixture proxy;

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private static HttpServerResponse events(HttpServerRequest request) {
        return request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
    }

    /** An upstream that answers with an SSE stream: {@code first} at once, then {@code later} 300 ms on. */
    private static BiConsumer<HttpServerRequest, Buffer> writesThenLater(String first, Consumer<HttpServerResponse> later) {
        return (request, body) -> {
            HttpServerResponse response = events(request);
            response.write(first);
            Vertx.currentContext().owner().setTimer(300, id -> later.accept(response));
        };
    }

    @Test
    void theResponseEndsWithTheLastAnswerWhileTheUpstreamStillHoldsItsStreamOpen() throws Exception {
        upstream = new StubUpstream((request, body) -> events(request).write(PROGRESS + ANSWER_1)); // never ended
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> options.idleTimeout(Duration.ofSeconds(2)));

        HttpResponse<String> answered = proxy.post(RUN);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo(PROGRESS + ANSWER_1);
        // the call settled on its answer: audited once, with the upstream's status
        assertThat(proxy.audit.records).singleElement().satisfies(record -> assertThat(record.upstreamStatus()).isEqualTo(200));
        // an upstream that never ends the stream gets the idle timeout, then its connection is closed
        assertThat(upstream.closedConnections).hasValue(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.closedConnections.get() == 1);
    }

    @Test
    void aBatchStreamStaysOpenUntilEveryRequestInItIsAnswered() throws Exception {
        // the second answer comes in a later write, after the proxy has relayed the first
        upstream = new StubUpstream(writesThenLater(ANSWER_2, response -> response.write(ANSWER_1)));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL);

        HttpResponse<String> answered = proxy.post("[" + RUN + "," + PING + "]");

        assertThat(answered.body()).isEqualTo(ANSWER_2 + ANSWER_1);
    }

    @Test
    void whatTheUpstreamSendsAfterTheLastAnswerIsNotRelayed() throws Exception {
        upstream = new StubUpstream(writesThenLater(ANSWER_1, response -> response.end(PROGRESS)));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL);

        assertThat(proxy.post(RUN).body()).isEqualTo(ANSWER_1);
        assertThat(proxy.post(RUN).body()).isEqualTo(ANSWER_1);
    }
}
