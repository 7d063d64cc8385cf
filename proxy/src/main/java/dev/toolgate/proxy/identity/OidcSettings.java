package dev.toolgate.proxy.identity;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The OAuth 2.1 resource server's settings ({@code serve --oidc-issuer URL --oidc-audience URI [--oidc-jwks-uri URL]
 * [--identity-claim sub] [--grants-claim CLAIM] [--required-scope S]...}).
 *
 * @param issuer         the authorization server; tokens must carry it as {@code iss}, its discovery document says
 *                       where the keys are
 * @param audience       this MCP endpoint's resource identifier (RFC 8707): tokens must name it in {@code aud}
 * @param jwksUri        the issuer's JWK Set, or null to discover it from {@code <issuer>/.well-known/openid-configuration}
 * @param identityClaim  the claim naming the caller ({@code sub} by default)
 * @param grantsClaim    the claim listing the caller's grants (a JSON array, or a space-separated string such as
 *                       {@code scope}), or null for none
 * @param requiredScopes scopes every token must carry, else 403 {@code insufficient_scope}
 */
public record OidcSettings(URI issuer, String audience, URI jwksUri, String identityClaim, String grantsClaim,
                           List<String> requiredScopes) {
    public static final String DEFAULT_IDENTITY_CLAIM = "sub";

    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        identityClaim = identityClaim == null ? DEFAULT_IDENTITY_CLAIM : identityClaim;
        requiredScopes = List.copyOf(requiredScopes);
    }
}
