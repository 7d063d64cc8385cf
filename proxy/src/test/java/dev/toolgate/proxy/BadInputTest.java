package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each kind of bad input gets its clear error, nothing reaches the upstream it should not, the proxy keeps serving. */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    @TempDir
    Path dir;
    private StubUpstream upstream;
    private ProxyFixture proxy;

    private void start(StubUpstream stub, URI upstreamUri, Consumer<ProxyOptions.Builder> options) throws Exception {
        upstream = stub;
        proxy = new ProxyFixture(dir, upstreamUri, TestPolicies.ALLOW_ALL, options);
    }

    private void startWithPongUpstream(Consumer<ProxyOptions.Builder> options) throws Exception {
        StubUpstream stub = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        start(stub, stub.uri(), options);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static int errorCode(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error/code").asInt();
    }

    private void assertStillServes() throws Exception {
        assertThat(proxy.post(PING).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON                 | {\"jsonrpc\":\"2.0\",                                                       | -32700",
            "duplicate key (smuggled name)  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"b\"}} | -32700",
            "not an object                  | 42                                                                          | -32600",
            "no jsonrpc version             | {\"id\":1,\"method\":\"ping\"}                                              | -32600",
            "empty batch                    | []                                                                          | -32600",
            "neither request nor response   | {\"jsonrpc\":\"2.0\",\"id\":1}                                              | -32600",
            "method case alias              | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Tools/Call\",\"params\":{\"name\":\"a\"}} | -32600",
            "duplicate ids in a batch       | [{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}] | -32600",
    })
    void invalidMessagesAreRefusedWithTheirJsonRpcCode(String name, String body, int code) throws Exception {
        startWithPongUpstream(options -> { });
        HttpResponse<String> response = proxy.post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo(code);
        assertThat(upstream.bodies).isEmpty();
        assertStillServes();
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
        startWithPongUpstream(options -> options.maxBodyBytes(1024));
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(2000) + "\"}}";

        assertThat(proxy.post(big).statusCode()).isEqualTo(413);
        HttpResponse<String> chunked = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(upstream.bodies).isEmpty();
        assertStillServes();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        startWithPongUpstream(options -> { });
        HttpResponse<String> response = proxy.post(PING, "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("application/json");
        assertStillServes();
    }

    @Test
    void refusedUpstreamIs502WithAJsonRpcErrorSayingItIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start(null, URI.create("http://127.0.0.1:" + closedPort + "/mcp"), options -> { });
        HttpResponse<String> response = proxy.post(PING);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/id").asInt()).isEqualTo(1);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(error.at("/error/message").asText()).startsWith("Upstream MCP server unavailable: connection refused");
    }

    @Test
    void upstreamThatNeverAnswersTimesOutWith502() throws Exception {
        StubUpstream silent = new StubUpstream((request, body) -> { });
        start(silent, silent.uri(), options -> options.upstreamResponseTimeout(Duration.ofMillis(300)));
        HttpResponse<String> response = proxy.post(PING);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("Upstream MCP server unavailable", "no response within 300 ms");
    }

    @Test
    void upstreamResponseTimeoutCoversAConnectionThatNeverOpensAndAbandonsIt() throws Exception {
        // a listener that never accepts, its backlog full: the kernel drops further SYNs, so a connect hangs
        try (ServerSocket unaccepting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BacklogFill fill = BacklogFill.of(unaccepting)) {
            assumeTrue(fill.full(), "this kernel accepted every connection beyond the listen backlog");
            start(null, URI.create("http://127.0.0.1:" + unaccepting.getLocalPort() + "/mcp"), options -> options
                    .upstreamConnectTimeout(Duration.ofSeconds(60)).upstreamResponseTimeout(Duration.ofMillis(300)));
            long sent = System.nanoTime();
            HttpResponse<String> response = proxy.post(PING);

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("Upstream MCP server unavailable", "no response within 300 ms");
            // answered on the response deadline, not when the 60 s connect timeout would have ended the attempt
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(30));

            // with room in the queue again, a connect still under way would get in on its next SYN (after 1 s, 3 s)
            for (int i = 0; i < fill.sockets().size(); i++) {
                unaccepting.accept().close();
            }
            unaccepting.setSoTimeout(3_500);
            assertThatThrownBy(unaccepting::accept).as("the proxy gave the connect up at the deadline")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** Connections that fill a listener's accept queue, held open until closed. */
    private record BacklogFill(List<Socket> sockets, boolean full) implements AutoCloseable {
        static BacklogFill of(ServerSocket listener) throws IOException {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(listener.getLocalSocketAddress(), 500);
                    sockets.add(socket);
                } catch (SocketTimeoutException hangs) {
                    socket.close();
                    return new BacklogFill(sockets, true);
                }
            }
            return new BacklogFill(sockets, false);
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void upstreamThatDropsTheConnectionIs502() throws Exception {
        StubUpstream dropping = new StubUpstream((request, body) -> request.connection().close());
        start(dropping, dropping.uri(), options -> { });
        HttpResponse<String> response = proxy.post(PING);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("Upstream MCP server unavailable");
    }

    @Test
    void clientDisconnectCancelsTheUpstreamRequest() throws Exception {
        StubUpstream silent = new StubUpstream((request, body) -> { });
        start(silent, silent.uri(), options -> { });
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + PING.length() + "\r\n\r\n" + PING);
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests.size() == 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedConnections.get() == 1);
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        startWithPongUpstream(options -> options.idleTimeout(Duration.ofMillis(300)));
        try (Socket idle = RawHttp.open(proxy.server.port())) {
            long start = System.nanoTime();
            assertThat(RawHttp.readUntilClosed(idle)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertStillServes();
    }

    @Test
    void aBodyThatTricklesInIsTimedOutWith408() throws Exception {
        startWithPongUpstream(options -> options.requestTimeout(Duration.ofMillis(300)));
        try (Socket slow = RawHttp.open(proxy.server.port())) {
            RawHttp.write(slow, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"jsonrpc\":");
            assertThat(RawHttp.readUntilClosed(slow)).startsWith("HTTP/1.1 408");
        }
        assertThat(upstream.bodies).isEmpty();
        assertStillServes();
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        startWithPongUpstream(options -> { });
        URI other = URI.create("http://127.0.0.1:" + proxy.server.port() + "/other");
        assertThat(ProxyFixture.send(HttpRequest.newBuilder(other).GET().build()).statusCode()).isEqualTo(404);
        assertThat(ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri()).PUT(HttpRequest.BodyPublishers.ofString(PING)).build())
                .statusCode()).isEqualTo(405);
        assertThat(upstream.bodies).isEmpty();
    }
}
