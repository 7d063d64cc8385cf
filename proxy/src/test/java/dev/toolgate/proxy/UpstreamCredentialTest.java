package dev.toolgate.proxy;

import dev.toolgate.proxy.identity.OidcSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No token passthrough: the upstream never sees the client's token; with an upstream credential configured it sees
 * that one instead, also on an anonymous proxy.
 */
class UpstreamCredentialTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @Test
    void theUpstreamGetsTheProxysCredentialInPlaceOfTheClientsToken(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
             TestIssuer issuer = new TestIssuer(ProxyFixture.START);
             ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> options
                     .oidc(new OidcSettings(issuer.issuer(), TestIssuer.AUDIENCE, null, null, null, List.of()))
                     .upstreamToken("upstream-secret"))) {
            assertThat(proxy.post(PING, "Authorization", "Bearer " + issuer.token()).statusCode()).isEqualTo(200);

            assertThat(upstream.requests.get(0).headers().getAll("Authorization")).containsExactly("Bearer upstream-secret");
        }
    }

    @Test
    void anAnonymousProxyWithACredentialReplacesWhateverTheClientSent(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
             ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL,
                     options -> options.upstreamToken("upstream-secret"))) {
            assertThat(proxy.post(PING, "Authorization", "Bearer the-clients-own").statusCode()).isEqualTo(200);

            assertThat(upstream.requests.get(0).headers().getAll("Authorization")).containsExactly("Bearer upstream-secret");
        }
    }
}
