package dev.toolgate.proxy;

import dev.toolgate.demo.DemoMcpServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Expect: 100-continue} is answered by the proxy and never forwarded, and interim (1xx) answers from the
 * upstream are skipped: the exchange waits for the final answer, under the upstream response timeout.
 */
class InterimAnswersTest extends StubUpstreamTest {
    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
    private DemoMcpServer demo;

    @AfterEach
    void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    /** Answers a tools/call with a result for its id, as a JSON body. */
    private static void answer(HttpServerRequest request, Buffer body) {
        Object id = body.toJsonObject().getValue("id");
        StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[]}}");
    }

    @Test
    void expectContinueIsAnsweredByTheProxyAndNotForwarded() throws Exception {
        // like Node's HTTP server: an Expect: 100-continue gets its interim 100 before the answer
        start((request, body) -> {
            if (request.getHeader("Expect") != null) {
                request.response().writeContinue();
            }
            answer(request, body);
        }, TestPolicies.ALLOW_ALL);

        String answer = postExpectingContinue(proxy.server.port(), call("list_workflows", "x".repeat(1_500_000)));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(JSON.readTree(body(answer)).at("/result/content").isArray()).isTrue();
        assertThat(upstream.requests).hasSize(1);
        assertThat(upstream.requests.get(0).headers().contains("Expect")).isFalse();
    }

    @Test
    void expectContinueWithALargeBodyGoesThroughToTheDemoServer() throws Exception {
        demo = DemoMcpServer.start(0);
        proxy = new ProxyFixture(dir, demo.mcpUri(), TestPolicies.ALLOW_ALL);
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"
                + "\"_meta\":{\"pad\":\"" + "x".repeat(1_500_000) + "\"}}}";

        String answer = postExpectingContinue(proxy.server.port(), initialize);

        assertThat(answer).startsWith("HTTP/1.1 200");
        String body = body(answer);
        // one JSON answer, whether as a (chunked) JSON body or as the data of one SSE event
        String json = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        assertThat(JSON.readTree(json).at("/result/serverInfo/name").isTextual()).isTrue();
    }

    @Test
    void interimAnswersFromTheUpstreamAreSkippedAndTheFinalOneSettlesTheCall() throws Exception {
        start((request, body) -> {
            request.response().writeContinue();
            request.response().writeEarlyHints(MultiMap.caseInsensitiveMultiMap().add("Link", "</x.css>; rel=preload"));
            answer(request, body);
        }, TestPolicies.ONE_RUN_PER_MINUTE);

        HttpResponse<String> first = proxy.post(call("run_workflow", "a"), "Mcp-Session-Id", "s1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).at("/result/isError").asBoolean()).isFalse();

        // the first call's answer was seen, so its counter was committed: one run a minute
        HttpResponse<String> second = proxy.post(call("run_workflow", "b"), "Mcp-Session-Id", "s1");
        assertThat(JSON.readTree(second.body()).at("/result/_meta/dev.toolgate~1decision/decision").asText())
                .isEqualTo("rate_limited");
        assertThat(upstream.bodies).hasSize(1);
    }

    @Test
    void anInterimAnswerDoesNotStopTheUpstreamResponseTimeout() throws Exception {
        start((request, body) -> request.response().writeContinue(), TestPolicies.ALLOW_ALL,
                options -> options.upstreamResponseTimeout(Duration.ofMillis(300)));

        HttpResponse<String> response = proxy.post(call("list_workflows", "a"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("Upstream MCP server unavailable: no response within 300 ms");
    }

    private static String call(String tool, String name) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"name\":\"" + name + "\"}}}";
    }

    /** Sends the head with Expect: 100-continue, waits for the 100, sends the body; the final answer follows. */
    private static String postExpectingContinue(int port, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.open(port)) {
            RawHttp.write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nExpect: 100-continue\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            assertThat(readExactly(socket.getInputStream(), CONTINUE.length())).isEqualTo(CONTINUE);
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return RawHttp.readUntilClosed(socket);
        }
    }

    private static String readExactly(InputStream in, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < length; i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
}
