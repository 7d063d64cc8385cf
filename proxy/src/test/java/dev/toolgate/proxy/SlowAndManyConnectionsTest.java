package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No client holds the proxy with slowness or numbers: a head sent a byte at a time is cut off with 408 while other
 * clients are served, and connections over the per-address or total bound are refused with 503 as they come.
 */
class SlowAndManyConnectionsTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Socket> sockets = new ArrayList<>();
    private StubUpstream upstream;
    private ProxyFixture proxy;

    private void start(Path dir, Consumer<ProxyOptions.Builder> options) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        proxy.close();
        upstream.close();
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), proxy.server.port(), InetAddress.getByName(from), 0);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    /** A ping on a new connection from {@code from}; the raw response. */
    private String ping(String from) throws IOException {
        Socket socket = connect(from);
        RawHttp.write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: " + PING.length()
                + "\r\n\r\n" + PING);
        return RawHttp.readUntilClosed(socket);
    }

    private static void assertRefused(String response, int status, String message) throws IOException {
        assertThat(RawHttp.status(response)).as(response).isEqualTo(status);
        assertThat(JSON.readTree(RawHttp.body(response)).path("error").path("message").asText()).isEqualTo(message);
    }

    @Test
    void aHeadSentAByteAtATimeIsCutOffWhileOthersAreServed(@TempDir Path dir) throws Exception {
        start(dir, options -> options.headTimeout(Duration.ofMillis(300)));
        Socket slow = connect("127.0.0.1");
        byte[] head = ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Padding: " + "a".repeat(400) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ExecutorService trickle = Executors.newSingleThreadExecutor();
        try {
            trickle.submit(() -> {
                OutputStream out = slow.getOutputStream();
                for (byte b : head) {
                    out.write(b);
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(20); // far faster than any idle timeout: only a head timeout stops it
                }
                return null;
            });
            assertThat(RawHttp.status(ping("127.0.0.1"))).isEqualTo(200);

            assertRefused(RawHttp.readUntilClosed(slow), 408, "Request Timeout: the request head did not arrive in time");
        } finally {
            trickle.shutdownNow();
        }
        assertThat(RawHttp.status(ping("127.0.0.1"))).isEqualTo(200);
        assertThat(upstream.bodies).hasSize(2);
    }

    @Test
    void aConnectionThatSendsNothingIsCutOff(@TempDir Path dir) throws Exception {
        start(dir, options -> options.headTimeout(Duration.ofMillis(300)));

        assertRefused(RawHttp.readUntilClosed(connect("127.0.0.1")), 408,
                "Request Timeout: the request head did not arrive in time");
    }

    @Test
    void connectionsOverThePerAddressBoundAreRefusedAndOtherAddressesServed(@TempDir Path dir) throws Exception {
        start(dir, options -> options.maxConnectionsPerAddress(2));
        connect("127.0.0.1");
        connect("127.0.0.1");

        assertRefused(RawHttp.readUntilClosed(connect("127.0.0.1")), 503, "Service Unavailable: too many connections");
        assertThat(RawHttp.status(ping("127.0.0.2"))).isEqualTo(200);
        assertThat(proxy.metrics()).contains("toolgate_connections_refused_total 1.0");
    }

    @Test
    void connectionsOverTheTotalBoundAreRefused(@TempDir Path dir) throws Exception {
        start(dir, options -> options.maxConnections(2));
        connect("127.0.0.1");
        connect("127.0.0.2");

        assertRefused(RawHttp.readUntilClosed(connect("127.0.0.3")), 503, "Service Unavailable: too many connections");
    }
}
