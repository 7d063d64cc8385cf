package dev.toolgate.proxy.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.net.URI;
import java.net.URL;

/**
 * Finds an issuer's JWK Set URL in its OpenID Provider metadata ({@code <issuer>/.well-known/openid-configuration},
 * OpenID Connect Discovery 1.0 §4). The document must name the same issuer (§4.3): a document claiming another one is
 * not trusted.
 */
final class OidcDiscovery {
    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OidcDiscovery() {
    }

    /** Fetches the metadata (blocking: call it off the event loop) and returns its {@code jwks_uri}. */
    static URL jwksUri(URI issuer, ResourceRetriever retriever) throws IOException {
        String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1)
                : issuer.toString();
        JsonNode metadata = JSON.readTree(retriever.retrieveResource(URI.create(base + WELL_KNOWN).toURL()).getContent());
        if (metadata == null || !issuer.toString().equals(metadata.path("issuer").asText(null))) {
            throw new IOException("the discovery document of " + issuer + " names another issuer");
        }
        String jwks = metadata.path("jwks_uri").asText("");
        URI uri = URI.create(jwks);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IOException("the discovery document of " + issuer + " has no http(s) jwks_uri");
        }
        return uri.toURL();
    }
}
