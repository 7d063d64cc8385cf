package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.audit.JsonLinesAuditSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool names are metric labels and audit fields: an absurd one is refused with -32602 before anything records it
 * or the upstream sees it, so twenty 1 MiB names leave {@code /metrics} and the audit log as they were.
 */
class ToolNameBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream auditLines = new ByteArrayOutputStream();
    private StubUpstream upstream;
    private ProxyFixture proxy;
    private JsonLinesAuditSink lines;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> {
            lines = JsonLinesAuditSink.to(auditLines, options.build().registry());
            options.sink(lines).maxBodyBytes(2L * 1024 * 1024);
        });
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
        lines.close();
    }

    private static String call(String tool) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call");
        request.putObject("params").put("name", tool).putObject("arguments");
        return request.toString();
    }

    @Test
    void hugeToolNamesAreRefusedAndRecordedNowhere() throws Exception {
        int metricsBefore = proxy.metrics().length();
        for (int i = 0; i < 20; i++) {
            String name = ("t" + i).repeat(512 * 1024);
            var response = proxy.post(call(name));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32602);
            assertThat(error.path("message").asText())
                    .isEqualTo("Invalid params: a tool name is 1 to 128 characters without control characters");
        }
        assertThat(upstream.bodies).isEmpty();
        assertThat(proxy.audit.records).isEmpty();
        assertThat(proxy.metrics().length()).isLessThan(metricsBefore + 4096);
        lines.close();
        assertThat(auditLines.size()).isZero();
    }

    @Test
    void aNameOf128CharactersIsDecidedAndForwarded() throws Exception {
        String name = "n".repeat(128);
        var response = proxy.post(call(name));

        assertThat(JSON.readTree(response.body()).path("result").isObject()).as(response.body()).isTrue();
        assertThat(upstream.bodies).hasSize(1);
        assertThat(proxy.audit.records).extracting(r -> r.tool()).containsExactly(name);
    }

    @Test
    void aNameWithAControlCharacterIsRefused() throws Exception {
        var response = proxy.post(call("run\nfake audit line"));

        assertThat(JSON.readTree(response.body()).path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(upstream.bodies).isEmpty();
        assertThat(new String(auditLines.toByteArray(), StandardCharsets.UTF_8)).isEmpty();
    }
}
