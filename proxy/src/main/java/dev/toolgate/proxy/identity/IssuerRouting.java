package dev.toolgate.proxy.identity;

import com.nimbusds.jwt.JWTParser;

import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * With both an OIDC issuer and ServiceAccount tokens configured, sends each JWT to the verifier of its (not yet
 * verified) {@code iss}: the configured issuer's tokens to the JWT verifier, every other JWT to the TokenReview (the
 * API server knows its own issuers). Reading {@code iss} unverified only picks who checks the token; nothing is
 * believed before that check.
 */
final class IssuerRouting implements TokenVerifier {
    private final String oidcIssuer;
    private final TokenVerifier jwt;
    private final TokenVerifier serviceAccounts;

    IssuerRouting(String oidcIssuer, TokenVerifier jwt, TokenVerifier serviceAccounts) {
        this.oidcIssuer = oidcIssuer;
        this.jwt = jwt;
        this.serviceAccounts = serviceAccounts;
    }

    @Override
    public CompletionStage<Verdict> verify(String token) {
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return CompletableFuture.completedFuture(new Verdict.Refused(Challenge.INVALID_TOKEN));
        }
        return oidcIssuer.equals(issuer) ? jwt.verify(token) : serviceAccounts.verify(token);
    }

    @Override
    public void close() {
        jwt.close();
        serviceAccounts.close();
    }
}
