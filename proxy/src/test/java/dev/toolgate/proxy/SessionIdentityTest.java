package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.proxy.audit.JsonLinesAuditSink;
import dev.toolgate.proxy.auth.ApiKeys;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session belongs to the identity that opened it: another API key using it, replaying its stream or deleting it
 * gets 404 (the spec's unknown session) and the upstream never sees the request. Audit lines carry a hash of the
 * session id, never the id.
 */
class SessionIdentityTest {
    private static final String SESSION = "alice-session-0123456789";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"run_workflow\",\"arguments\":{}}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream auditLines = new ByteArrayOutputStream();
    private JsonLinesAuditSink lines;
    private StubUpstream upstream;
    private ProxyFixture proxy;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> {
            if (body.toString().contains("\"initialize\"")) {
                request.response().putHeader("Mcp-Session-Id", SESSION);
            }
            if (request.method() == HttpMethod.DELETE) {
                request.response().end();
                return;
            }
            StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":" + (body.toString().contains("tools/call") ? 2 : 1)
                    + ",\"result\":{\"content\":[]}}");
        });
        ApiKeys keys = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), """
                keys:
                  - {token: alice-token, identity: alice}
                  - {token: bob-token, identity: bob}
                """));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> {
            lines = JsonLinesAuditSink.to(auditLines, options.build().registry());
            options.apiKeys(keys).sink(lines);
        });
        HttpResponse<String> opened = proxy.post(ProxyFixture.INITIALIZE, "Authorization", "Bearer alice-token");
        assertThat(opened.headers().firstValue("Mcp-Session-Id")).hasValue(SESSION);
        upstream.bodies.clear();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
        lines.close();
    }

    private static void assertNoSuchSession(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .isEqualTo("Not Found: no such session; send initialize without Mcp-Session-Id to start one");
    }

    private HttpRequest.Builder request(String token) {
        return HttpRequest.newBuilder(proxy.mcpUri()).header("Authorization", "Bearer " + token)
                .header("Mcp-Session-Id", SESSION);
    }

    @Test
    void anotherIdentityCannotUseReplayOrDeleteTheSession() throws Exception {
        assertNoSuchSession(proxy.post(PING, "Authorization", "Bearer bob-token", "Mcp-Session-Id", SESSION));
        assertNoSuchSession(ProxyFixture.send(request("bob-token").header("Accept", "text/event-stream")
                .header("Last-Event-ID", "1").GET().build()));
        assertNoSuchSession(ProxyFixture.send(request("bob-token").DELETE().build()));
        assertThat(upstream.requests).hasSize(1); // alice's initialize only

        assertThat(proxy.post(PING, "Authorization", "Bearer alice-token", "Mcp-Session-Id", SESSION).statusCode()).isEqualTo(200);
        assertThat(ProxyFixture.send(request("alice-token").DELETE().build()).statusCode()).isEqualTo(200);
        assertThat(proxy.server.openSessions()).isZero();
    }

    @Test
    void aSessionTheProxyNeverSawAcceptedIsUnknownWithApiKeys() throws Exception {
        assertNoSuchSession(proxy.post(PING, "Authorization", "Bearer alice-token", "Mcp-Session-Id", "made-up"));
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void theAuditLineCarriesAHashOfTheSessionIdNotTheId() throws Exception {
        HttpResponse<String> called = proxy.post(CALL, "Authorization", "Bearer alice-token", "Mcp-Session-Id", SESSION);
        assertThat(JSON.readTree(called.body()).path("result").isObject()).as(called.body()).isTrue();
        lines.close();

        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(SESSION.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        assertThat(proxy.audit.records).extracting(r -> r.session()).containsExactly(hash);
        String written = auditLines.toString(StandardCharsets.UTF_8);
        JsonNode line = JSON.readTree(written);
        assertThat(line.path("session").asText()).isEqualTo(hash);
        assertThat(written).doesNotContain(SESSION);
    }
}
