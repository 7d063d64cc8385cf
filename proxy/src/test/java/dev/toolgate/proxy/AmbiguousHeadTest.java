package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.proxy.auth.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A head the proxy and the upstream could read differently is refused with 400 and never forwarded: a header it acts
 * on sent twice, an absolute-form target naming another host than {@code Host}. An absolute-form target passes the
 * same DNS-rebinding check as {@code Host}.
 */
class AmbiguousHeadTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private StubUpstream upstream;
    private ProxyFixture proxy;
    private String local;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        ApiKeys keys = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), """
                keys:
                  - {token: alice-token, identity: alice}
                  - {token: bob-token, identity: bob}
                """));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> options.apiKeys(keys));
        local = "127.0.0.1:" + proxy.server.port();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private String post(String target, String... headerLines) throws Exception {
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream");
        for (String line : headerLines) {
            head.append("\r\n").append(line);
        }
        return RawHttp.exchange(proxy.server.port(), head.toString(), PING);
    }

    private void assertRefused(String response, int status, String message) throws Exception {
        assertThat(RawHttp.status(response)).as(response).isEqualTo(status);
        JsonNode error = JSON.readTree(RawHttp.body(response)).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32600);
        assertThat(error.path("message").asText()).isEqualTo(message);
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void twoAuthorizationHeadersAreRefused() throws Exception {
        assertRefused(post("/mcp", "Host: " + local, "Authorization: Bearer alice-token", "Authorization: Bearer bob-token"),
                400, "Bad Request: more than one authorization header");
    }

    @Test
    void twoHostHeadersAreRefused() throws Exception {
        assertRefused(post("/mcp", "Host: " + local, "Host: attacker.example", "Authorization: Bearer alice-token"),
                400, "Bad Request: more than one host header");
    }

    @Test
    void twoSessionIdsOriginsOrProtocolVersionsAreRefused() throws Exception {
        String[][] duplicates = {
                {"Mcp-Session-Id: a", "Mcp-Session-Id: b"},
                {"Origin: http://localhost", "Origin: http://attacker.example"},
                {"MCP-Protocol-Version: 2025-06-18", "MCP-Protocol-Version: 2025-11-25"},
                {"Content-Type: application/json"},
        };
        String[] names = {"Mcp-Session-Id", "origin", "MCP-Protocol-Version", "content-type"};
        for (int i = 0; i < duplicates.length; i++) {
            String[] lines = new String[duplicates[i].length + 2];
            lines[0] = "Host: " + local;
            lines[1] = "Authorization: Bearer alice-token";
            System.arraycopy(duplicates[i], 0, lines, 2, duplicates[i].length);
            assertRefused(post("/mcp", lines), 400, "Bad Request: more than one " + names[i] + " header");
        }
    }

    @Test
    void anAbsoluteTargetNamingAnotherHostThanHostIsRefused() throws Exception {
        assertRefused(post("http://other.example/mcp", "Host: " + local, "Authorization: Bearer alice-token"),
                400, "Bad Request: the request target names another host than the Host header");
    }

    @Test
    void anAbsoluteTargetPassesTheRebindingCheck() throws Exception {
        assertRefused(post("http://attacker.example/mcp", "Authorization: Bearer alice-token"),
                403, "Forbidden: Host attacker.example is not allowed");
        assertRefused(post("http://localhost@attacker.example/mcp", "Authorization: Bearer alice-token"),
                403, "Forbidden: Host attacker.example is not allowed");
    }

    @Test
    void anAbsoluteTargetOnLoopbackAgreeingWithHostIsServed() throws Exception {
        String response = post("http://" + local + "/mcp", "Host: " + local, "Authorization: Bearer alice-token");

        assertThat(RawHttp.status(response)).as(response).isEqualTo(200);
        assertThat(JSON.readTree(RawHttp.body(response)).path("result").isObject()).isTrue();
    }
}
