package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body is exactly one JSON value (plus whitespace), and what a client is told about a bad one, or about an upstream
 * that failed, is the proxy's own fixed text: nothing of the JSON library's or Netty's messages reaches it.
 */
class ParseErrorTextTest extends StubUpstreamTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @BeforeEach
    void startProxy() throws Exception {
        startAnswering("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", TestPolicies.ALLOW_ALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            PING + PING,
            "[" + PING + "][" + PING + "]",
            PING + " x",
            PING + " {",
            PING + " 42",
    })
    void bytesAfterTheJsonValueAreAParseErrorAndNothingIsForwarded(String body) throws Exception {
        HttpResponse<String> response = proxy.post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(error.at("/error/message").asText()).isEqualTo(JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void whitespaceAfterTheValueIsFine() throws Exception {
        HttpResponse<String> response = proxy.post(" \r\n" + PING + " \r\n\t ");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.bodies).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"jsonrpc\":\"2.0\",",                                     // cut short
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}", // duplicate key
            "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}",        // leading zero
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":tru}", // bad literal
            "{'jsonrpc':'2.0'}",                                         // single quotes
            "{\"jsonrpc\":\"2.0\" /* comment */}",                       // comment
            "{\"a\":\"\u0001\"}",                                        // unescaped control character
            "\"unterminated",
            // a number with no exact reading: its exponent is past what BigDecimal holds (found fuzzing)
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"n\":1e444444414444444444444}}}",
    })
    void malformedBodiesGetTheFixedParseErrorText(String body) throws Exception {
        assertFixedParseError(proxy.post(body));
    }

    @Test
    void nestingBeyondTheParsersLimitGetsTheFixedParseErrorText() throws Exception {
        assertFixedParseError(proxy.post("[".repeat(5_000) + "]".repeat(5_000)));
    }

    private void assertFixedParseError(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32700);
        String message = error.at("/error/message").asText();
        assertThat(message).isEqualTo(JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertNoInternals(message);
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void aRefusedUpstreamIsNamedWithoutTheExceptionsText() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ProxyFixture nowhere = new ProxyFixture(Files.createDirectories(dir.resolve("nowhere")),
                URI.create("http://127.0.0.1:" + closedPort + "/mcp"), TestPolicies.ALLOW_ALL)) {
            HttpResponse<String> response = nowhere.post(PING);

            assertThat(response.statusCode()).isEqualTo(502);
            String message = JSON.readTree(response.body()).at("/error/message").asText();
            assertThat(message).isEqualTo("Upstream MCP server unavailable: connection refused");
            assertThat(message).doesNotContain(String.valueOf(closedPort));
        }
    }

    @Test
    void anUnreadableRequestHeadIsNamedWithoutTheDecodersText() throws Exception {
        try (Socket socket = RawHttp.open(proxy.server.port())) {
            RawHttp.write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1x\r\n\r\n");
            String answer = RawHttp.readUntilClosed(socket);

            assertThat(answer).startsWith("HTTP/1.1 400");
            String message = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).at("/error/message").asText();
            assertThat(message).isEqualTo("Bad Request: the HTTP request head could not be read");
        }
    }

    private static void assertNoInternals(String message) {
        assertThat(message.toLowerCase()).doesNotContain("com.fasterxml", "jackson", "exception", "line:", "column:",
                "source:", "netty", "java.");
    }
}
