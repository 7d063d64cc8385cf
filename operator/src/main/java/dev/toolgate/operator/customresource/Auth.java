package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who may call through the proxy besides API key holders, and what the proxy presents to the upstream. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Auth {
    @JsonPropertyDescription("Accept OAuth 2.1 bearer JWTs of this issuer (the MCP authorization spec); the proxy serves Protected Resource Metadata for them.")
    private OidcAuth oidc;

    @JsonPropertyDescription("Accept Kubernetes ServiceAccount tokens issued for this audience, verified with a TokenReview; the identity is system:serviceaccount:<ns>:<name>, its groups the grants.")
    private ServiceAccountsAuth serviceAccounts;

    @JsonPropertyDescription("A Secret key (key default token) holding the bearer token the proxy sends the upstream. Client tokens are never passed upstream; without this the upstream gets no Authorization header from authenticated clients.")
    private SecretKeyRef upstreamTokenSecretRef;

    public OidcAuth getOidc() { return oidc; }
    public void setOidc(OidcAuth oidc) { this.oidc = oidc; }
    public ServiceAccountsAuth getServiceAccounts() { return serviceAccounts; }
    public void setServiceAccounts(ServiceAccountsAuth serviceAccounts) { this.serviceAccounts = serviceAccounts; }
    public SecretKeyRef getUpstreamTokenSecretRef() { return upstreamTokenSecretRef; }
    public void setUpstreamTokenSecretRef(SecretKeyRef upstreamTokenSecretRef) { this.upstreamTokenSecretRef = upstreamTokenSecretRef; }
}
