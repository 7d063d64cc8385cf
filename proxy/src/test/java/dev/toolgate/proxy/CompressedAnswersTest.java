package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy reads every answer it inspects: it asks the upstream for uncoded answers, decodes gzip and deflate that
 * come anyway (the size limit counting decoded bytes), refuses other codings, answers the client uncoded, and
 * refuses a coded request body, which it could not decide on.
 */
class CompressedAnswersTest extends StubUpstreamTest {
    private static final String POLICY = """
            {"version": "1", "default": "allow", "hide": ["secret_tool"],
             "tools": {"run_workflow": {"limits": [{"counter": "runs", "window": "minute", "max": 1, "scope": "session"}]}}}
            """;
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
    private static final String LISTED = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"run_workflow\","
            + "\"inputSchema\":{\"type\":\"object\"}},{\"name\":\"secret_tool\",\"inputSchema\":{\"type\":\"object\"}}]}}";

    /** An upstream behind a front that compresses whatever it is asked: answers with {@code coding} regardless. */
    private void startCompressing(String coding, String contentType, String answer) throws Exception {
        startCompressing(coding, contentType, answer, options -> { });
    }

    private void startCompressing(String coding, String contentType, String answer,
                                  java.util.function.Consumer<ProxyOptions.Builder> options) throws Exception {
        start((request, body) -> send(request, coding, contentType,
                answer.replace("\"id\":0", "\"id\":" + body.toJsonObject().getValue("id"))), POLICY, options);
    }

    private static void send(HttpServerRequest request, String coding, String contentType, String text) {
        request.response().putHeader("Content-Type", contentType).putHeader("Content-Encoding", coding)
                .end(Buffer.buffer(encode(coding, text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theUpstreamIsAskedForUncodedAnswersWhateverTheClientAccepts() throws Exception {
        startCompressing("identity", "application/json", LISTED);

        proxy.post(TOOLS_LIST, "Accept-Encoding", "gzip, deflate, br");

        assertThat(upstream.requests.get(0).headers().getAll("Accept-Encoding")).containsExactly("identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "x-gzip"})
    void aCompressedToolsListIsFilteredAndGoesToTheClientUncoded(String coding) throws Exception {
        startCompressing(coding, "application/json", LISTED);

        Answer response = postAcceptingGzip(TOOLS_LIST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentEncoding()).isEmpty();
        assertThat(toolNames(JSON.readTree(response.body()))).containsExactly("run_workflow");
    }

    @Test
    void aCompressedEventStreamIsFiltered() throws Exception {
        startCompressing("gzip", "text/event-stream", "event: message\ndata: " + LISTED + "\n\n");

        Answer response = postAcceptingGzip(TOOLS_LIST);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentEncoding()).isEmpty();
        String events = new String(response.body(), StandardCharsets.UTF_8);
        String data = events.substring(events.indexOf("data:") + 5, events.indexOf('\n', events.indexOf("data:")));
        assertThat(toolNames(JSON.readTree(data))).containsExactly("run_workflow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate"})
    void aCompressedToolsCallAnswerIsSeenAndItsCounterCommitted(String coding) throws Exception {
        startCompressing(coding, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"content\":[]}}");

        Answer first = postAcceptingGzip(call("a"), "Mcp-Session-Id", "s1");
        assertThat(JSON.readTree(first.body()).at("/result/isError").asBoolean()).isFalse();
        Answer second = postAcceptingGzip(call("b"), "Mcp-Session-Id", "s1");

        assertThat(JSON.readTree(second.body()).at("/result/_meta/dev.toolgate~1decision/decision").asText())
                .isEqualTo("rate_limited");
        assertThat(upstream.bodies).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "zstd", "compress", "x-unknown", "gzip, gzip"})
    void anAnswerInACodingTheProxyCannotDecodeIsRefused(String coding) throws Exception {
        start((request, body) -> request.response().putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", coding).end(Buffer.buffer(new byte[]{(byte) 0x8b, 0x0b, 0x05, 0x7b})), POLICY);

        Answer response = postAcceptingGzip(call("a"), "Mcp-Session-Id", "s1");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/id").asInt()).isEqualTo(5);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(error.at("/error/message").asText())
                .isEqualTo("Upstream MCP server unavailable: its answer came in a Content-Encoding the proxy cannot decode");
    }

    @Test
    void theResponseSizeLimitCountsDecodedBytes() throws Exception {
        String bomb = "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"content\":[],\"pad\":\"" + "0".repeat(8 << 20) + "\"}}";
        startCompressing("gzip", "application/json", bomb, options -> options.maxResponseBytes(64 * 1024));

        Answer response = postAcceptingGzip(call("a"), "Mcp-Session-Id", "s1");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("Upstream response larger than 65536 bytes");
    }

    @Test
    void aCodedRequestBodyIsRefusedAndNotForwarded() throws Exception {
        startCompressing("identity", "application/json", LISTED);

        HttpResponse<String> labelled = proxy.post(TOOLS_LIST, "Content-Encoding", "gzip");
        HttpResponse<String> unknown = proxy.post(TOOLS_LIST, "Content-Encoding", "x-custom");

        for (HttpResponse<String> response : List.of(labelled, unknown)) {
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                    .isEqualTo("Unsupported Media Type: send the body without Content-Encoding");
        }
        assertThat(upstream.bodies).isEmpty();
        assertThat(proxy.post(TOOLS_LIST, "Content-Encoding", "identity").statusCode()).isEqualTo(200);
    }

    private static String call(String name) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\","
                + "\"arguments\":{\"name\":\"" + name + "\"}}}";
    }

    /** As the TypeScript SDK's fetch does: asks for gzip and decodes what comes gzipped. */
    private Answer postAcceptingGzip(String json, String... headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(proxy.mcpUri())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Accept-Encoding", "gzip, deflate")
                .timeout(java.time.Duration.ofSeconds(10))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> response = ProxyFixture.HTTP_CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Optional<String> coding = response.headers().firstValue("Content-Encoding");
        byte[] body = coding.filter("gzip"::equalsIgnoreCase).isPresent()
                ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes() : response.body();
        return new Answer(response.statusCode(), coding, body);
    }

    private static List<String> toolNames(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.at("/result/tools").forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }

    private static byte[] encode(String coding, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream coder = switch (coding) {
            case "gzip", "x-gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out);
            default -> out;
        }) {
            coder.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** What a fetch-based client sees of an answer: its status, its coding, and its body decoded. */
    private record Answer(int statusCode, Optional<String> contentEncoding, byte[] body) {
    }
}
