package dev.toolgate.bench.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An OAuth issuer for the JWT A/B run ({@code --jwt on}): discovery and the JWK Set over loopback HTTP, one RSA key,
 * and RS256 tokens for the proxy's audience, valid for an hour.
 */
final class BenchIssuer implements AutoCloseable {
    static final String AUDIENCE = "https://bench.toolgate.test/mcp";
    private final HttpServer server;
    private final RSAKey key;

    BenchIssuer() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("bench").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration",
                exchange -> json(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
        server.createContext("/jwks", exchange -> json(exchange, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The serve options of a proxy accepting this issuer's tokens. */
    String serveOptions() {
        return "--oidc-issuer " + issuer() + " --oidc-audience " + AUDIENCE + " --grants-claim groups";
    }

    String token() throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject("bench-agent")
                        .claim("groups", List.of("team-a")).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).jwtID("bench-1").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
