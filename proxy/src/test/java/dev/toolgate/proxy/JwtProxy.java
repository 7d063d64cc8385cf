package dev.toolgate.proxy;

import dev.toolgate.proxy.identity.OidcSettings;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/**
 * A proxy accepting the bearer JWTs of a {@link TestIssuer} (grants from {@code groups}) in front of a
 * {@link StubUpstream} that answers every request and records it: for tests that count what reached the upstream.
 */
final class JwtProxy implements AutoCloseable {
    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    final StubUpstream upstream;
    final TestIssuer issuer;
    final ProxyFixture proxy;

    JwtProxy(Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        issuer = new TestIssuer(ProxyFixture.START);
        proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.ALLOW_ALL, options -> options.oidc(
                new OidcSettings(issuer.issuer(), TestIssuer.AUDIENCE, null, null, "groups", List.of())));
    }

    /** A ping with {@code Authorization: Bearer <token>}. */
    HttpResponse<String> call(String token) throws Exception {
        return proxy.post(PING, "Authorization", "Bearer " + token);
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        issuer.close();
        upstream.close();
    }
}
