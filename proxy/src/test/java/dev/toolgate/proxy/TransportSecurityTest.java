package dev.toolgate.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DNS-rebinding protection on a loopback-bound proxy: Origin and Host checks, with configured exceptions. */
class TransportSecurityTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private StubUpstream upstream;
    private ProxyFixture proxy;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL,
                options -> options.allowOrigin("https://app.example.com").allowHost("mcp.internal"));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    @Test
    void aForeignOriginIsForbidden() throws Exception {
        var response = proxy.post(PING, "Origin", "http://attacker.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Origin http://attacker.example is not allowed");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void loopbackAndConfiguredOriginsAreAllowed() throws Exception {
        assertThat(proxy.post(PING, "Origin", "http://localhost:6274").statusCode()).isEqualTo(200);
        assertThat(proxy.post(PING, "Origin", "https://app.example.com").statusCode()).isEqualTo(200);
    }

    @Test
    void aRebindingHostNameIsForbiddenOnLoopback() throws Exception {
        String response = RawHttp.post(proxy.server.port(), "attacker.example:" + proxy.server.port(), PING);

        assertThat(response).startsWith("HTTP/1.1 403");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void loopbackAndConfiguredHostsAreAllowed() throws Exception {
        assertThat(RawHttp.post(proxy.server.port(), "localhost:" + proxy.server.port(), PING)).startsWith("HTTP/1.1 200");
        assertThat(RawHttp.post(proxy.server.port(), "mcp.internal", PING)).startsWith("HTTP/1.1 200");
    }
}
