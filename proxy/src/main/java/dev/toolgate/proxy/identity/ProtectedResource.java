package dev.toolgate.proxy.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * This MCP endpoint as an OAuth protected resource (RFC 9728): the metadata document that tells a client which
 * authorization server issues its tokens, served at {@code /.well-known/oauth-protected-resource} and at the form
 * suffixed with the resource's path ({@code /.well-known/oauth-protected-resource/mcp}, RFC 9728 §3.1), and named in
 * every {@code WWW-Authenticate} challenge ({@code resource_metadata}).
 *
 * @param resource             the resource identifier, the same URI tokens must carry as {@code aud}
 * @param authorizationServers issuers whose tokens the resource accepts
 * @param scopesSupported      scopes a client should ask for (the required ones)
 */
public record ProtectedResource(URI resource, List<String> authorizationServers, List<String> scopesSupported) {
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    public ProtectedResource {
        Objects.requireNonNull(resource, "resource");
        if (resource.getScheme() == null || resource.getRawAuthority() == null) {
            throw new IllegalArgumentException("the resource must be an absolute URL, e.g. https://mcp.example.com/mcp: " + resource);
        }
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
    }

    /** The resource from the OIDC settings: the audience names it, the issuer is its authorization server. */
    public static ProtectedResource of(OidcSettings oidc) {
        return new ProtectedResource(URI.create(oidc.audience()), List.of(oidc.issuer().toString()), oidc.requiredScopes());
    }

    /** The path the metadata is served at for this resource (the well-known prefix, then the resource's path). */
    public String metadataPath() {
        String path = resource.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ? WELL_KNOWN : WELL_KNOWN + path;
    }

    /**
     * True for the paths answered with the metadata document: the suffixed form and the bare one (the same path when
     * the resource has none). Runs for every request: anything outside the well-known prefix is rejected first.
     */
    public boolean isMetadataPath(String path) {
        return path.startsWith(WELL_KNOWN) && (path.length() == WELL_KNOWN.length() || path.equals(metadataPath()));
    }

    /** The metadata URL a challenge points at. */
    public String metadataUrl() {
        return resource.getScheme() + "://" + resource.getRawAuthority() + metadataPath();
    }

    /** The metadata document (RFC 9728 §2); tokens only in the {@code Authorization} header. */
    public ObjectNode document() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("resource", resource.toString());
        authorizationServers.forEach(document.putArray("authorization_servers")::add);
        if (!scopesSupported.isEmpty()) {
            scopesSupported.forEach(document.putArray("scopes_supported")::add);
        }
        document.putArray("bearer_methods_supported").add("header");
        document.put("resource_name", "Toolgate MCP proxy");
        return document;
    }
}
