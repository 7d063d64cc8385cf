package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 on the client's connection as clients speak it, written by hand: pipelining, 100-continue, broken heads. */
class HttpConnectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private StubUpstream upstream;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws Exception {
        // answers every request with its own id, so the order of the answers shows
        upstream = new StubUpstream((request, body) -> {
            try {
                String id = JSON.readTree(body.getBytes()).get("id").toString();
                StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private static String ping(int id, String connection) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
        return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: " + connection
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, ping(1, "keep-alive") + ping(2, "keep-alive") + ping(3, "close"));
            String answers = RawHttp.readUntilClosed(client);
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(4);
            assertThat(answers.indexOf("\"id\":1")).isLessThan(answers.indexOf("\"id\":2"));
            assertThat(answers.indexOf("\"id\":2")).isLessThan(answers.indexOf("\"id\":3"));
        }
        assertThat(upstream.bodies).hasSize(3);
    }

    @Test
    void aClientThatExpects100ContinueGetsTheGoAheadThenItsAnswer() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertThat(readLine(client.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
            RawHttp.write(client, body);
            assertThat(readLine(client.getInputStream())).isEqualTo("");
            assertThat(readLine(client.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aHeadOverTheLimitIs431AndAnUnreadableOneIs400WithAJsonRpcError() throws Exception {
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "x".repeat(40_000) + "\r\n\r\n");
            String answer = RawHttp.readUntilClosed(client);
            assertThat(answer).startsWith("HTTP/1.1 431").contains("\"code\":-32600");
        }
        try (Socket client = RawHttp.open(proxy.server.port())) {
            RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: twelve\r\n\r\n");
            assertThat(RawHttp.readUntilClosed(client)).startsWith("HTTP/1.1 400").contains("\"code\":-32600");
        }
        assertThat(upstream.bodies).isEmpty();
        assertThat(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode()).isEqualTo(200);
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
