package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import java.util.List;

/** The OAuth 2.1 authorization server whose bearer JWTs the proxy accepts (serve --oidc-*). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OidcAuth {
    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("The issuer (iss) of accepted tokens; its keys are discovered from <issuer>/.well-known/openid-configuration unless jwksUri is given.")
    private String issuer;

    @Required
    @Pattern("^https?://[^#]+$")
    @JsonPropertyDescription("This MCP endpoint's resource identifier (RFC 8707), e.g. https://mcp.example.com/mcp: tokens must name it in aud.")
    private String audience;

    @Pattern("^https?://.+")
    @JsonPropertyDescription("The issuer's JWK Set URL, when it is not to be discovered.")
    private String jwksUri;

    @Pattern("^[!#-\\[\\]-~]{1,256}$")
    @JsonPropertyDescription("The claim naming the caller. Default sub.")
    private String identityClaim;

    @Pattern("^[!#-\\[\\]-~]{1,256}$")
    @JsonPropertyDescription("The claim listing the caller's grants: a JSON array (groups, roles) or a space-separated string (scope).")
    private String grantsClaim;

    @JsonPropertyDescription("Scopes every token must carry; a token without one gets 403 insufficient_scope.")
    private List<String> requiredScopes;

    public String getIssuer() { return issuer; }
    public void setIssuer(String issuer) { this.issuer = issuer; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public String getJwksUri() { return jwksUri; }
    public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
    public String getIdentityClaim() { return identityClaim; }
    public void setIdentityClaim(String identityClaim) { this.identityClaim = identityClaim; }
    public String getGrantsClaim() { return grantsClaim; }
    public void setGrantsClaim(String grantsClaim) { this.grantsClaim = grantsClaim; }
    public List<String> getRequiredScopes() { return requiredScopes; }
    public void setRequiredScopes(List<String> requiredScopes) { this.requiredScopes = requiredScopes; }
}
