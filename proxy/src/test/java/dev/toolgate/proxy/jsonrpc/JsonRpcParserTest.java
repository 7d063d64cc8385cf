package dev.toolgate.proxy.jsonrpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcParserTest {
    private final JsonRpcParser parser = new JsonRpcParser();

    private JsonRpcBody parse(String json) throws JsonRpcException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String json, int code, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(JsonRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void classifiesRequestsNotificationsAndResponses() throws Exception {
        JsonRpcBody body = parse("""
                [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}},
                 {"jsonrpc":"2.0","method":"notifications/initialized"},
                 {"jsonrpc":"2.0","id":"s-1","result":{}}]""");

        assertThat(body.batch()).isTrue();
        assertThat(body.messages()).extracting(JsonRpcMessage::kind).containsExactly(
                JsonRpcMessage.Kind.REQUEST, JsonRpcMessage.Kind.NOTIFICATION, JsonRpcMessage.Kind.RESPONSE);
        assertThat(body.messages().get(0).isRequest("tools/call")).isTrue();
        assertThat(body.messages().get(0).params().path("name").asText()).isEqualTo("x");
    }

    @Test
    void aSingleMessageIsNotABatch() throws Exception {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").batch()).isFalse();
    }

    @Test
    void escapedMethodNamesAreReadAsTheUpstreamReadsThem() throws Exception {
        JsonRpcBody body = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools\\u002fcall\",\"params\":{\"name\":\"x\"}}");
        assertThat(body.messages().get(0).isRequest("tools/call")).isTrue();
    }

    @Test
    void refusesWhatIsNotJsonOrNotJsonRpc() {
        assertRefused("{", JsonRpcErrors.PARSE_ERROR, "Parse error");
        assertRefused("", JsonRpcErrors.PARSE_ERROR, "Parse error");
        assertRefused("\"text\"", JsonRpcErrors.INVALID_REQUEST, "object or a batch");
        assertRefused("[]", JsonRpcErrors.INVALID_REQUEST, "empty batch");
        assertRefused("[1]", JsonRpcErrors.INVALID_REQUEST, "[0] a JSON-RPC message must be an object");
        assertRefused("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", JsonRpcErrors.INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"");
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", JsonRpcErrors.INVALID_REQUEST, "\"id\" must be");
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", JsonRpcErrors.INVALID_REQUEST, "must not be null");
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}", JsonRpcErrors.INVALID_REQUEST, "\"method\" must be a string");
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":5}", JsonRpcErrors.INVALID_REQUEST, "\"params\"");
    }

    @Test
    void refusesWhatCouldSmuggleACallPastThePolicy() {
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}",
                JsonRpcErrors.PARSE_ERROR, JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\"}",
                JsonRpcErrors.PARSE_ERROR, JsonRpcParser.PARSE_ERROR_MESSAGE);
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"TOOLS/CALL\"}", JsonRpcErrors.INVALID_REQUEST, "case-sensitive");
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\" tools/call\"}", JsonRpcErrors.INVALID_REQUEST, "case-sensitive");
        assertRefused("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]",
                JsonRpcErrors.INVALID_REQUEST, "[1] duplicate request id 1");
    }
}
