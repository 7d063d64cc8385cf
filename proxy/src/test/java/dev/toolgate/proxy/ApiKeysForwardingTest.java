package dev.toolgate.proxy;

import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's key is for the proxy: it is not passed on to the upstream. */
class ApiKeysForwardingTest {
    @Test
    void theBearerTokenStopsAtTheProxy(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
             ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL,
                     options -> options.apiKeys(new ApiKeys(List.of(new ApiKey("t0ken", "alice", "team-a")))))) {
            var response = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Authorization", "Bearer t0ken");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstream.requests.get(0).getHeader("Authorization")).isNull();
        }
    }
}
