package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer declared JSON that the proxy must inspect but cannot read is refused, not passed on: another reader could
 * find in it a tools/list result the proxy never filtered.
 */
class UnreadableAnswerTest extends StubUpstreamTest {
    private static final String POLICY = """
            {"version": "1", "default": "allow", "hide": ["secret_tool"], "tools": {}}
            """;
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
    private static final String EMPTY = "{\"tools\":[]}";
    private static final String SECRET = "{\"tools\":[{\"name\":\"secret_tool\",\"inputSchema\":{\"type\":\"object\"}}]}";

    @ParameterizedTest
    @ValueSource(strings = {
            // a JavaScript client keeps the last of duplicate keys
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + EMPTY + ",\"result\":" + SECRET + "}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + EMPTY + "}{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + SECRET + "}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + SECRET,
            // a number with no exact reading (an exponent past what BigDecimal holds)
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"secret_tool\",\"inputSchema\":{\"type\":\"object\",\"maximum\":1e444444414444444444444}}]}}",
    })
    void aJsonAnswerThatCannotBeReadIsRefused(String answer) throws Exception {
        startAnswering(answer, POLICY);

        HttpResponse<String> response = proxy.post(TOOLS_LIST);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(error.at("/error/message").asText()).isEqualTo("Upstream MCP server unavailable: its answer could not be read");
    }

    @Test
    void anEventThatMayHoldAToolsListButCannotBeReadIsReplacedByAnError() throws Exception {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + EMPTY + ",\"result\":" + SECRET + "}";
        start((request, body) -> events(request, answer), POLICY);

        HttpResponse<String> response = proxy.post(TOOLS_LIST);

        JsonNode error = JSON.readTree(data(response.body()));
        assertThat(error.at("/error/message").asText()).isEqualTo("Upstream MCP server unavailable: its answer could not be read");
        assertThat(response.body()).doesNotContain("secret_tool");
    }

    @Test
    void anEventWhoseToolsKeyIsEscapedIsFilteredToo() throws Exception {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + SECRET.replace("\"tools\"", "\"tool\\u0073\"") + "}";
        start((request, body) -> events(request, answer), POLICY);

        HttpResponse<String> response = proxy.post(TOOLS_LIST);

        assertThat(JSON.readTree(data(response.body())).at("/result/tools").size()).isZero();
    }

    private static void events(io.vertx.core.http.HttpServerRequest request, String json) {
        request.response().putHeader("Content-Type", "text/event-stream").end("event: message\ndata: " + json + "\n\n");
    }

    private static String data(String events) {
        int start = events.indexOf("data:") + 5;
        return events.substring(start, events.indexOf('\n', start));
    }

    @Test
    void anAnswerThatIsNotDeclaredJsonPassesAsItCame() throws Exception {
        start((request, body) -> request.response().setStatusCode(500).putHeader("Content-Type", "text/html")
                .end("<h1>Internal Server Error</h1>"), POLICY);

        HttpResponse<String> response = proxy.post(TOOLS_LIST);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("<h1>Internal Server Error</h1>");
    }
}
