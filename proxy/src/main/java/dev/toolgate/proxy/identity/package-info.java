/**
 * Who is calling: the bearer token of a request turned into a {@link dev.toolgate.proxy.identity.Verdict} (an
 * identity with its grants, or a refusal with the {@code WWW-Authenticate} challenge to answer it with). Tokens come
 * as API keys ({@link dev.toolgate.proxy.auth.ApiKeys}), OAuth 2.1 bearer JWTs verified against the issuer's JWKS
 * ({@link dev.toolgate.proxy.identity.JwtVerifier}) or Kubernetes ServiceAccount tokens verified by a TokenReview
 * ({@link dev.toolgate.proxy.identity.TokenReviewVerifier}); verdicts are cached per token
 * ({@link dev.toolgate.proxy.identity.VerdictCache}). The Protected Resource Metadata document (RFC 9728) that tells a
 * client where to get a token lives here too ({@link dev.toolgate.proxy.identity.ProtectedResource}).
 * A token is never logged: logs and audit lines name it by {@link dev.toolgate.proxy.identity.TokenRefs a reference}.
 */
package dev.toolgate.proxy.identity;
