package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.Outcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON-RPC batches: each tools/call decided on its own, denied elements answered by the proxy, the allowed rest
 * forwarded. The upstream is a stub that answers every request of a batch with a result, so the test can see
 * exactly which elements reached it.
 */
class BatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private StubUpstream upstream;
    private ProxyFixture proxy;

    /** Answers each request element with {"echo": method}, as JSON or as SSE events. */
    private static void echo(HttpServerRequest request, Buffer body, boolean sse) {
        try {
            JsonNode batch = JSON.readTree(body.toString());
            List<String> answers = new ArrayList<>();
            for (JsonNode message : batch.isArray() ? batch : JSON.createArrayNode().add(batch)) {
                if (message.has("id")) {
                    answers.add("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"echo\":\""
                            + message.get("method").asText() + "\",\"content\":[]}}");
                }
            }
            if (sse) {
                request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
                answers.forEach(a -> request.response().write("event: message\ndata: " + a + "\n\n"));
                request.response().end();
            } else {
                StubUpstream.json(request, "[" + String.join(",", answers) + "]");
            }
        } catch (Exception e) {
            request.response().setStatusCode(500).end();
        }
    }

    private void start(Path dir, boolean sse) throws Exception {
        upstream = new StubUpstream((request, body) -> echo(request, body, sse));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ONE_RUN_PER_MINUTE);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private static final String BATCH = """
            [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"a"}}},
             {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"delete_workflow","arguments":{"workflowId":"wf-1"}}},
             {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"b"}}},
             {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":1}},
             {"jsonrpc":"2.0","id":4,"method":"ping"}]
            """;

    @Test
    void eachCallInABatchIsDecidedOnItsOwnAndOnlyTheAllowedOnesAreForwarded(@TempDir Path dir) throws Exception {
        start(dir, false);
        HttpResponse<String> response = proxy.post(BATCH);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode forwarded = JSON.readTree(upstream.bodies.get(0));
        assertThat(ids(forwarded)).containsExactly("1", null, "4");
        JsonNode answers = JSON.readTree(response.body());
        assertThat(ids(answers)).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(byId(answers, 1).at("/result/echo").asText()).isEqualTo("tools/call");
        assertThat(byId(answers, 2).at("/result/content/0/text").asText()).isEqualTo("Denied by policy: no deleting");
        assertThat(byId(answers, 3).at("/result/_meta/dev.toolgate~1decision/decision").asText()).isEqualTo("rate_limited");
        assertThat(byId(answers, 4).at("/result/echo").asText()).isEqualTo("ping");
        assertThat(proxy.audit.records).extracting(r -> r.decision())
                .containsExactlyInAnyOrder(Outcome.ALLOW, Outcome.DENY, Outcome.RATE_LIMITED);
    }

    @Test
    void deniedAnswersComeFirstAsEventsWhenTheUpstreamStreams(@TempDir Path dir) throws Exception {
        start(dir, true);
        HttpResponse<String> response = proxy.post(BATCH);

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).contains("\"id\":2", "Denied by policy: no deleting");
        assertThat(events.get(1)).contains("\"id\":3", "rate_limited");
        assertThat(events.get(2)).contains("\"id\":1", "\"echo\":\"tools/call\"");
        assertThat(events.get(3)).contains("\"id\":4", "\"echo\":\"ping\"");
    }

    @Test
    void aBatchOfDeniedCallsNeverReachesTheUpstream(@TempDir Path dir) throws Exception {
        start(dir, false);
        HttpResponse<String> response = proxy.post("""
                [{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"delete_workflow","arguments":{}}},
                 {"jsonrpc":"2.0","id":"y","method":"tools/call","params":{"name":"delete_workflow"}}]""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ids(JSON.readTree(response.body()))).containsExactly("x", "y");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void aCallWithUnreadableParamsIsRefusedNotForwarded(@TempDir Path dir) throws Exception {
        start(dir, false);
        HttpResponse<String> response = proxy.post("""
                [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}},
                 {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"run_workflow","arguments":"all"}}]""");

        JsonNode answers = JSON.readTree(response.body());
        assertThat(byId(answers, 1).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(byId(answers, 2).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(upstream.bodies).isEmpty();
    }

    private static List<String> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.has("id") ? m.get("id").asText() : null).toList();
    }

    private static JsonNode byId(JsonNode messages, int id) {
        return StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> m.path("id").asInt() == id).findFirst().orElseThrow();
    }
}
