package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.hold.HoldOpenOptions;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hold-open of calls waiting for approval, over real sockets: a raw HTTP client reads the SSE stream the proxy
 * answers with, a person decides on the admin API while the call is held, the upstream is a stub that records what
 * it ran.
 */
class HoldOpenEndToEndTest {
    private static final String KEYS = """
            keys:
              - {token: alice-token, identity: alice}
              - {token: mallory-token, identity: mallory}
            """;
    private static final String ADMINS = "keys:\n  - {token: bob-admin-token, identity: bob}\n";
    private static final String POLICY = """
            version: "1"
            default: allow
            tools:
              run_workflow:
                rules:
                  - name: "runs need approval"
                    action: require_approval
                    reason: "runs need a person's approval"
            """;
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    private StubUpstream upstream;
    private ProxyFixture proxy;
    private final List<Stream<String>> streams = new ArrayList<>();

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.result(request, body,
                "{\"content\":[{\"type\":\"text\",\"text\":\"ran\"}]}"));
    }

    private void startProxy(HoldOpenOptions hold) throws Exception {
        startProxy(hold, ApprovalOptions.DEFAULT_TTL);
    }

    private void startProxy(HoldOpenOptions hold, Duration ttl) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        proxy = new ProxyFixture(dir, upstream.uri(), POLICY, options -> options.apiKeys(agents),
                ApprovalOptions.decidedBy(admins).withTtl(ttl).withHoldOpen(hold));
    }

    private void startProxy(Duration maxWait) throws Exception {
        startProxy(HoldOpenOptions.upTo(maxWait).withKeepAliveEvery(KEEP_ALIVE));
    }

    @AfterEach
    void stop() throws Exception {
        streams.forEach(Stream::close);
        if (proxy != null) {
            proxy.close();
        }
        upstream.close();
    }


    private static String run(String workflow, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{" + meta + "\"name\":\"run_workflow\","
                + "\"arguments\":{\"name\":\"" + workflow + "\"}}}";
    }

    /** A call whose response is read line by line as it arrives; the queue ends with {@link Held#END}. */
    private Held call(String body, String token, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json").header("Accept", accept)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        streams.add(response.body());
        Held held = new Held(response);
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(held.lines::add);
            } catch (RuntimeException e) {
                // the stream was closed under the reader
            }
            held.lines.add(Held.END);
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return held;
    }

    private Held heldCall(String workflow) throws Exception {
        return call(run(workflow, ""), "alice-token", "application/json, text/event-stream");
    }

    /** One POST's response, its lines as they come. */
    private record Held(HttpResponse<Stream<String>> response, BlockingQueue<String> lines) {
        static final String END = "\u0000end";

        Held(HttpResponse<Stream<String>> response) {
            this(response, new LinkedBlockingQueue<>());
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String next() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line within 10 s").isNotNull();
            return line;
        }

        /** Reads up to the first {@code data:} line; returns its JSON-RPC message, the comments seen on the way counted. */
        JsonNode nextMessage(int[] keepAlives) throws Exception {
            for (String line = next(); ; line = next()) {
                assertThat(line).as("the stream ended without a message").isNotEqualTo(END);
                if (line.equals(": keep-alive")) {
                    keepAlives[0]++;
                } else if (line.startsWith("data: ")) {
                    return JsonRpcParser.MAPPER.readTree(line.substring(6));
                }
            }
        }

        void awaitKeepAlives(int count) throws InterruptedException {
            for (int seen = 0; seen < count; ) {
                String line = next();
                assertThat(line).isNotEqualTo(END);
                seen += line.equals(": keep-alive") ? 1 : 0;
            }
        }

        /** Reads to the end of the response: true when it ended with nothing but blank lines after the message. */
        boolean endsNow() throws InterruptedException {
            for (String line = next(); ; line = next()) {
                if (line.equals(END)) {
                    return true;
                }
                if (!line.isEmpty()) {
                    return false;
                }
            }
        }
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + path))
                .header("Authorization", "Bearer bob-admin-token").timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "{\"reason\":\"change 42\"}" : ""))
                .build());
    }

    /** The id of the one pending approval, once the proxy has opened it. */
    private String pendingId() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode approvals = JsonRpcParser.MAPPER.readTree(admin("GET", "/approvals").body()).path("approvals");
            for (JsonNode approval : approvals) {
                if (approval.path("state").asText().equals("pending")) {
                    return approval.path("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    private String state(String id) throws Exception {
        return JsonRpcParser.MAPPER.readTree(admin("GET", "/approvals/" + id).body()).path("state").asText();
    }

    private long executedRuns() {
        return upstream.bodies.stream().filter(body -> body.contains("\"run_workflow\"")).count();
    }

    private static JsonNode decision(JsonNode message) {
        return message.path("result").path("_meta").path("dev.toolgate/decision");
    }

    private double heldGauge() throws Exception {
        return proxy.metrics().lines().filter(line -> line.startsWith("toolgate_approvals_held "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void aHeldCallRunsOnceWhenApprovedAndItsResultArrivesOnTheSameRequest() throws Exception {
        startProxy(Duration.ofSeconds(60));
        Held held = heldCall("nightly");
        assertThat(held.response().statusCode()).isEqualTo(200);
        assertThat(held.contentType()).startsWith("text/event-stream");
        held.awaitKeepAlives(2);
        assertThat(executedRuns()).isZero();

        String id = pendingId();
        assertThat(admin("POST", "/approvals/" + id + "/approve").statusCode()).isEqualTo(200);

        JsonNode answer = held.nextMessage(new int[1]);
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("isError").asBoolean()).isFalse();
        assertThat(answer.path("result").path("content").get(0).path("text").asText()).isEqualTo("ran");
        assertThat(held.endsNow()).isTrue();
        assertThat(executedRuns()).as("the upstream ran it exactly once").isEqualTo(1);
        assertThat(state(id)).isEqualTo("consumed");
        await().atMost(Duration.ofSeconds(5)).until(() -> heldGauge() == 0.0);
    }

    @Test
    void aCallDeniedWhileHeldGetsTheDenial() throws Exception {
        startProxy(Duration.ofSeconds(60));
        Held held = heldCall("nightly");
        held.awaitKeepAlives(1);

        assertThat(admin("POST", "/approvals/" + pendingId() + "/deny").statusCode()).isEqualTo(200);

        JsonNode answer = held.nextMessage(new int[1]);
        assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
        assertThat(decision(answer).path("decision").asText()).isEqualTo("approval_denied");
        assertThat(decision(answer).path("reason").asText()).isEqualTo("change 42");
        assertThat(held.endsNow()).isTrue();
        assertThat(executedRuns()).isZero();
    }

    @Test
    void aCallNobodyDecidesGetsThePendingAnswerAtItsDeadlineAndMayStillRetry() throws Exception {
        startProxy(Duration.ofSeconds(1));
        long started = System.nanoTime();
        Held held = heldCall("nightly");

        int[] keepAlives = {0};
        JsonNode answer = held.nextMessage(keepAlives);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(keepAlives[0]).as("kept alive while held").isGreaterThanOrEqualTo(2);
        assertThat(decision(answer).path("decision").asText()).isEqualTo("approval_pending");
        String id = decision(answer).path("id").asText();
        assertThat(state(id)).as("the approval waits on for a retry").isEqualTo("pending");
        assertThat(held.endsNow()).isTrue();
        assertThat(executedRuns()).isZero();
    }

    @Test
    void aHeldCallEndsAtItsApprovalsExpiryWhenThatComesFirstEvenWithNothingTouchingTheBook() throws Exception {
        // the approval expires 1 s after it was asked for (on the proxy's fake clock, which the test moves)
        startProxy(HoldOpenOptions.upTo(Duration.ofSeconds(60)).withKeepAliveEvery(KEEP_ALIVE), Duration.ofSeconds(1));
        long started = System.nanoTime();
        Held held = heldCall("nightly");
        held.awaitKeepAlives(1);
        proxy.clock.advance(Duration.ofSeconds(1));

        JsonNode answer = held.nextMessage(new int[1]);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 60 s hold").isLessThan(Duration.ofSeconds(10));
        assertThat(decision(answer).path("decision").asText()).isEqualTo("approval_pending");
        assertThat(proxy.audit.approvals()).as("the held call's own deadline moved it to expired")
                .anySatisfy(line -> assertThat(line.event()).isEqualTo("expired"));
        assertThat(executedRuns()).isZero();
    }

    @Test
    void aClientThatHangsUpWhileHeldRunsNothingAndTheApprovalStaysForARetry() throws Exception {
        startProxy(Duration.ofSeconds(60));
        String body = run("nightly", "");
        try (Socket socket = RawHttp.open(proxy.server.port())) {
            RawHttp.write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nAuthorization: Bearer alice-token\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(5)).until(() -> heldGauge() == 1.0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> heldGauge() == 0.0);

        String id = pendingId();
        assertThat(admin("POST", "/approvals/" + id + "/approve").statusCode()).isEqualTo(200);
        Thread.sleep(300); // a forward would happen at once; give a wrong one the chance to show
        assertThat(executedRuns()).as("nothing forwarded for a client that left").isZero();
        assertThat(state(id)).as("the approval stays for a retry").isEqualTo("approved");

        JsonNode retried = JsonRpcParser.MAPPER.readTree(proxy.post(run("nightly", ""), "Authorization", "Bearer alice-token",
                "Accept", "application/json").body());
        assertThat(retried.path("result").path("isError").asBoolean()).isFalse();
        assertThat(executedRuns()).isEqualTo(1);
    }

    @Test
    void pastTheCapsACallGetsThePendingAnswerAtOnce() throws Exception {
        startProxy(HoldOpenOptions.upTo(Duration.ofSeconds(60)).withKeepAliveEvery(KEEP_ALIVE).withCaps(2, 1));
        Held first = heldCall("nightly");
        first.awaitKeepAlives(1);

        Held sameIdentity = heldCall("weekly");
        assertThat(sameIdentity.contentType()).as("one held call per identity").startsWith("application/json");
        assertThat(decision(JsonRpcParser.MAPPER.readTree(sameIdentity.next())).path("decision").asText())
                .isEqualTo("approval_pending");

        Held other = call(run("nightly", ""), "mallory-token", "application/json, text/event-stream");
        assertThat(other.contentType()).startsWith("text/event-stream");
        Held third = call(run("monthly", ""), "mallory-token", "application/json, text/event-stream");
        assertThat(third.contentType()).as("two held calls in all").startsWith("application/json");
    }

    @Test
    void aClientThatDoesNotAcceptAStreamIsAnsweredAtOnce() throws Exception {
        startProxy(Duration.ofSeconds(60));
        Held plain = call(run("nightly", ""), "alice-token", "application/json");
        assertThat(plain.contentType()).startsWith("application/json");
        assertThat(decision(JsonRpcParser.MAPPER.readTree(plain.next())).path("decision").asText())
                .isEqualTo("approval_pending");
    }

    @Test
    void aBatchIsAnsweredAtOnce() throws Exception {
        startProxy(Duration.ofSeconds(60));
        Held batch = call("[" + run("nightly", "") + "]", "alice-token", "application/json, text/event-stream");
        assertThat(batch.contentType()).startsWith("application/json");
        JsonNode answers = JsonRpcParser.MAPPER.readTree(batch.next());
        assertThat(decision(answers.get(0)).path("decision").asText()).isEqualTo("approval_pending");
    }

    @Test
    void aRequestWithAProgressTokenGetsGrowingProgressWhileHeld() throws Exception {
        startProxy(Duration.ofSeconds(60));
        Held held = call(run("nightly", "\"_meta\":{\"progressToken\":\"p-1\"},"), "alice-token",
                "application/json, text/event-stream");

        JsonNode first = held.nextMessage(new int[1]);
        JsonNode second = held.nextMessage(new int[1]);

        assertThat(first.path("method").asText()).isEqualTo("notifications/progress");
        assertThat(first.path("params").path("progressToken").asText()).isEqualTo("p-1");
        assertThat(second.path("params").path("progress").asDouble())
                .isGreaterThan(first.path("params").path("progress").asDouble());
        assertThat(first.path("params").path("message").asText()).contains(pendingId());
    }
}
