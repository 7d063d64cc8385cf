package dev.toolgate.proxy.jsonrpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class StandardHeadersTest {
    private static JsonRpcBody body(String json) throws JsonRpcException {
        return new JsonRpcParser().parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\"}}";

    @Test
    void appliesFromThe2026Revision() {
        assertThat(StandardHeaders.applies("2026-07-28")).isTrue();
        assertThat(StandardHeaders.applies("2025-11-25")).isFalse();
        assertThat(StandardHeaders.applies(null)).isFalse();
    }

    @Test
    void matchingHeadersPass() throws Exception {
        assertThat(StandardHeaders.mismatch("tools/call", "run_workflow", body(CALL))).isEmpty();
        assertThat(StandardHeaders.mismatch("tools/list", null, body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))).isEmpty();
        assertThat(StandardHeaders.mismatch("resources/read", "file:///a",
                body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\"}}"))).isEmpty();
    }

    @Test
    void mismatchesAndMissingHeadersAreReported() throws Exception {
        assertThat(StandardHeaders.mismatch("tools/list", "run_workflow", body(CALL))).hasValueSatisfying(m -> assertThat(m).contains("Mcp-Method"));
        assertThat(StandardHeaders.mismatch("tools/call", "list_workflows", body(CALL)))
                .hasValue("Header mismatch: Mcp-Name header value 'list_workflows' does not match body value 'run_workflow'");
        assertThat(StandardHeaders.mismatch(null, "run_workflow", body(CALL))).isPresent();
        assertThat(StandardHeaders.mismatch("tools/call", null, body(CALL))).isPresent();
        assertThat(StandardHeaders.mismatch("Tools/Call", "run_workflow", body(CALL))).isPresent();
    }

    @Test
    void notificationsAreCheckedOnlyWhenTheyCarryTheHeader() throws Exception {
        JsonRpcBody notification = body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(StandardHeaders.mismatch(null, null, notification)).isEmpty();
        assertThat(StandardHeaders.mismatch("ping", null, notification)).isPresent();
    }

    @Test
    void base64SentinelIsDecodedAndOnlyInLowercase() {
        String encoded = Base64.getEncoder().encodeToString("tööl".getBytes(StandardCharsets.UTF_8));
        assertThat(StandardHeaders.decode("=?base64?" + encoded + "?=")).isEqualTo("tööl");
        assertThat(StandardHeaders.decode("=?BASE64?" + encoded + "?=")).isEqualTo("=?BASE64?" + encoded + "?=");
        assertThat(StandardHeaders.decode("=?base64?***?=")).isEqualTo("=?base64?***?=");
    }

    @Test
    void inABatchPresentHeadersMustFitEveryMessage() throws Exception {
        JsonRpcBody batch = body("[" + CALL + ",{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_workflow\"}}]");
        assertThat(StandardHeaders.mismatch(null, null, batch)).isEmpty();
        assertThat(StandardHeaders.mismatch("tools/call", "run_workflow", batch)).isPresent();
    }
}
