package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs that must not get through, each sent over a real socket to a proxy whose issuer serves its discovery
 * document and JWK Set over HTTP: every one is answered with the right status and {@code WWW-Authenticate}, and the
 * upstream sees nothing.
 */
class JwtAttacksTest {
    private static final String PING = JwtProxy.PING;
    static final String METADATA = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
    private static final ObjectMapper JSON = new ObjectMapper();
    private JwtProxy jwt;
    private StubUpstream upstream;
    private TestIssuer issuer;
    private ProxyFixture proxy;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        jwt = new JwtProxy(dir);
        upstream = jwt.upstream;
        issuer = jwt.issuer;
        proxy = jwt.proxy;
    }

    @AfterEach
    void stop() throws Exception {
        jwt.close();
    }

    private HttpResponse<String> call(String token) throws Exception {
        return jwt.call(token);
    }

    /** 401 invalid_token pointing at the resource metadata, a JSON-RPC error body, and nothing upstream. */
    private void assertInvalidToken(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"toolgate\", resource_metadata=\""
                + METADATA + "\", error=\"invalid_token\", error_description=\"the bearer token is not valid for this resource\"");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").path("message").asText()).isEqualTo("Unauthorized: the bearer token is not valid for this resource");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void aValidTokenGetsThroughAndItsAuthorizationHeaderStopsAtTheProxy() throws Exception {
        HttpResponse<String> response = call(issuer.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.bodies).hasSize(1);
        assertThat(upstream.requests.get(0).getHeader("Authorization")).isNull();
    }

    @Test
    void withoutATokenTheChallengePointsAtTheMetadataWithoutAnError() throws Exception {
        HttpResponse<String> response = proxy.post(PING);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"toolgate\", resource_metadata=\"" + METADATA + "\"");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        // expired a minute ago: beyond the 30 s of skew
        assertInvalidToken(call(issuer.token(c -> c.expirationTime(Date.from(ProxyFixture.START.minusSeconds(60))))));
    }

    @Test
    void aTokenExpiringWhileCachedIsRefusedOnceTheClockPassesItsExpiry() throws Exception {
        String token = issuer.token(c -> c.expirationTime(Date.from(ProxyFixture.START.plusSeconds(60))));
        assertThat(call(token).statusCode()).isEqualTo(200);

        proxy.clock.advance(Duration.ofSeconds(61 + 30));

        assertThat(call(token).statusCode()).isEqualTo(401);
        assertThat(upstream.bodies).hasSize(1);
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        assertInvalidToken(call(issuer.token(c -> c.notBeforeTime(Date.from(ProxyFixture.START.plusSeconds(120))))));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        assertInvalidToken(call(issuer.token(c -> c.issuer("https://evil.example.test"))));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertInvalidToken(call(issuer.token(c -> c.audience("https://other-mcp.example.test/mcp"))));
    }

    @Test
    void aTokenSignedByAKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
        issuer.signWithUnpublished("unknown");
        assertInvalidToken(call(issuer.token()));
    }

    @Test
    void anUnsecuredTokenWithAlgNoneIsRefused() throws Exception {
        assertInvalidToken(call(issuer.unsigned()));
    }

    @Test
    void hs256SignedWithThePublicRsaKeyIsRefused() throws Exception {
        assertThat(call(issuer.token()).statusCode()).isEqualTo(200); // the keys are fetched and known
        upstream.bodies.clear();

        assertInvalidToken(call(issuer.hmacWithPublicKey()));
    }

    @Test
    void aTokenInTheQueryStringIsRefusedEvenWhenValid() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.mcpUri() + "?access_token=" + issuer.token()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(PING)).build();

        HttpResponse<String> response = ProxyFixture.send(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .contains("error=\"invalid_request\"").contains("resource_metadata=\"" + METADATA + "\""));
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void twoAuthorizationHeadersAreRefused() throws Exception {
        String response = RawHttp.exchange(proxy.server.port(), "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Authorization: Bearer " + issuer.token() + "\r\nAuthorization: Bearer " + issuer.token(), PING);

        assertThat(RawHttp.status(response)).isEqualTo(400);
        assertThat(response).containsPattern("(?i)www-authenticate: Bearer [^\\r]*error=\"invalid_request\"");
        assertThat(upstream.bodies).isEmpty();
    }

    @Test
    void aTokenWithoutTheRequiredClaimsIsRefused() throws Exception {
        assertInvalidToken(call(issuer.token(c -> c.subject(null))));
        assertInvalidToken(call(issuer.token(c -> c.expirationTime(null))));
    }
}
