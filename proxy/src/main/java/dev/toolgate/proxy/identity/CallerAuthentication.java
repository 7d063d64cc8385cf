package dev.toolgate.proxy.identity;

import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The authenticate stage: a request's bearer token checked against the API keys, then (when it is none of them) the
 * token verifier (JWTs, ServiceAccount tokens). An API key is matched on the event loop at once; a token verdict is
 * at once when cached, else later.
 *
 * @param apiKeys           the API keys, or null
 * @param tokens            the verifier of bearer tokens (cached), or null
 * @param protectedResource the resource metadata challenges point at, or null when there is no authorization server
 */
public record CallerAuthentication(ApiKeys apiKeys, TokenVerifier tokens, ProtectedResource protectedResource)
        implements AutoCloseable {

    /**
     * The stage the options describe: API keys, bearer JWTs of the OIDC issuer, ServiceAccount tokens (routed by
     * issuer when both), the token verdicts cached per token.
     */
    public static CallerAuthentication of(ProxyOptions options) {
        OidcSettings oidc = options.oidc();
        TokenVerifier serviceAccounts = options.serviceAccountTokens();
        TokenVerifier jwt = oidc == null ? null : new JwtVerifier(oidc, options.clock());
        TokenVerifier tokens = jwt == null ? serviceAccounts
                : serviceAccounts == null ? jwt : new IssuerRouting(oidc.issuer().toString(), jwt, serviceAccounts);
        return new CallerAuthentication(options.apiKeys(),
                tokens == null ? null : new VerdictCache(tokens, options.clock(), VerdictCache.DEFAULT_CAPACITY),
                oidc == null ? null : ProtectedResource.of(oidc));
    }

    /** True when requests must carry a token; false: callers are anonymous. */
    public boolean required() {
        return apiKeys != null || tokens != null;
    }

    /**
     * The verdict on a request's credentials.
     *
     * @param authorization its {@code Authorization} header, or null
     * @param uri           its request target (a token in the query is refused)
     */
    public CompletionStage<Verdict> authenticate(String authorization, String uri) {
        BearerToken.Presented presented = BearerToken.read(authorization, uri);
        if (presented instanceof BearerToken.Presented.Refused refused) {
            return done(new Verdict.Refused(refused.challenge()));
        }
        if (!(presented instanceof BearerToken.Presented.Token token)) {
            return done(new Verdict.Refused(Challenge.MISSING));
        }
        if (apiKeys != null) {
            Optional<ApiKey> key = apiKeys.authenticate(authorization);
            if (key.isPresent()) {
                return done(new Verdict.Accepted(key.get().identity(), List.of(key.get().grant()), null, null));
            }
        }
        return tokens == null ? done(new Verdict.Refused(Challenge.INVALID_TOKEN)) : tokens.verify(token.value());
    }

    /** The {@code WWW-Authenticate} value for a refusal. */
    public String challengeHeader(Challenge challenge) {
        return challenge.header(protectedResource == null ? null : protectedResource.metadataUrl());
    }

    private static CompletionStage<Verdict> done(Verdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }

    @Override
    public void close() {
        if (tokens != null) {
            tokens.close();
        }
    }
}
