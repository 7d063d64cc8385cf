package dev.toolgate.proxy;

import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy decides on a body read as UTF-8 JSON; a body declared, or encoded, in another charset could be read by the
 * upstream as other text, so it is refused and not forwarded.
 */
class BodyCharsetTest extends StubUpstreamTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @BeforeEach
    void startProxy() throws Exception {
        startAnswering("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", TestPolicies.ALLOW_ALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=iso-8859-1", "application/json;charset=\"UTF-16\"",
            "application/json; charset=utf-8; charset=windows-1252"})
    void aBodyDeclaredInAnotherCharsetIsRefused(String contentType) throws Exception {
        HttpResponse<String> response = proxy.post(PING, "Content-Type", contentType);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("Unsupported Media Type: send the body as UTF-8 JSON");
        assertThat(upstream.bodies).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\""})
    void utf8OrNoCharsetIsRead(String contentType) throws Exception {
        assertThat(proxy.post(PING, "Content-Type", contentType).statusCode()).isEqualTo(200);
        assertThat(upstream.bodies).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32BE"})
    void aBodyEncodedInUtf16Or32IsAParseError(String charset) throws Exception {
        HttpResponse<String> response = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PING.getBytes(Charset.forName(charset)))).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).isEqualTo(JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertThat(upstream.bodies).isEmpty();
    }

    /** Overlong "/" (C0 AF, E0 80 AF), a surrogate (ED A0 80), past U+10FFFF (F4 90 80 80), a lone continuation byte. */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "EDA080", "F4908080", "80", "E2 82"})
    void aBodyThatIsNotStrictUtf8IsAParseError(String invalid) throws Exception {
        byte[] bad = java.util.HexFormat.of().parseHex(invalid.replace(" ", ""));
        byte[] before = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\",\"arguments\":{\"path\":\"a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = "b\"}}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, body, 0, before.length);
        System.arraycopy(bad, 0, body, before.length, bad.length);
        System.arraycopy(after, 0, body, before.length + bad.length, after.length);

        HttpResponse<String> response = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).isEqualTo(JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertThat(upstream.bodies).isEmpty();
    }
}
