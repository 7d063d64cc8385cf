package dev.toolgate.proxy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An OAuth authorization server as far as a resource server sees it, on a real loopback socket: OpenID discovery at
 * {@code /.well-known/openid-configuration}, the JWK Set at {@code /jwks} (fetches counted), and RSA keys generated
 * here that sign the tests' tokens. Keys can be rotated and the server stopped (an outage).
 */
final class TestIssuer implements AutoCloseable {
    static final String AUDIENCE = "https://mcp.example.test/mcp";
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer server;
    private final List<RSAKey> published = new ArrayList<>();
    private RSAKey signing;
    private final Instant now;

    /** @param now the time tokens are issued at (the proxy's fake clock) */
    TestIssuer(Instant now) throws Exception {
        this.now = now;
        signing = newKey("k1");
        published.add(signing);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> json(exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            json(exchange, jwks());
        });
        server.start();
    }

    URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private synchronized String jwks() {
        return new JWKSet(published.stream().map(RSAKey::toPublicJWK).map(k -> (com.nimbusds.jose.jwk.JWK) k).toList()).toString();
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static RSAKey newKey(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    /** Publishes a new key and signs with it from now on (the old one stays published). */
    synchronized void rotate(String kid) throws JOSEException {
        signing = newKey(kid);
        published.add(signing);
    }

    /** Signs with a key the JWK Set does not have (yet). */
    synchronized void signWithUnpublished(String kid) throws JOSEException {
        signing = newKey(kid);
    }

    synchronized void publishSigningKey() {
        published.add(signing);
    }

    /** Claims of a good token: this issuer, the proxy's audience, subject alice, groups, valid for five minutes. */
    JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(issuer().toString()).audience(AUDIENCE).subject("alice")
                .claim("groups", List.of("team-a", "ops")).claim("scope", "mcp:tools")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID("id-" + System.nanoTime());
    }

    String token() {
        return token(claims -> { });
    }

    /** A token signed RS256 by the current key, with the good claims changed by {@code change}. */
    synchronized String token(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = claims();
        change.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signing.getKeyID()).build(), claims.build());
            jwt.sign(new RSASSASigner(signing));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm-confusion attack: HS256 with the issuer's public RSA key (as published) as the HMAC secret. */
    synchronized String hmacWithPublicKey() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signing.getKeyID()).build(), claims().build());
        byte[] secret = signing.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** An unsecured JWT: {@code alg: none}, no signature. */
    String unsigned() {
        return Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + Base64URL.encode(claims().build().toString()) + ".";
    }

    /** Stops answering: the issuer is unreachable. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
