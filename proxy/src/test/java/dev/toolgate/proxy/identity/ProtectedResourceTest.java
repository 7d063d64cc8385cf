package dev.toolgate.proxy.identity;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the Protected Resource Metadata lives for a resource (RFC 9728 §3.1), with and without a path. */
class ProtectedResourceTest {
    @Test
    void aResourceWithAPathHasItsMetadataAtTheSuffixedWellKnownPathAndTheBareOne() {
        ProtectedResource resource = new ProtectedResource(URI.create("https://mcp.example.test/mcp"), List.of("https://issuer"), List.of());

        assertThat(resource.metadataUrl()).isEqualTo("https://mcp.example.test/.well-known/oauth-protected-resource/mcp");
        assertThat(resource.isMetadataPath("/.well-known/oauth-protected-resource/mcp")).isTrue();
        assertThat(resource.isMetadataPath("/.well-known/oauth-protected-resource")).isTrue();
        assertThat(resource.isMetadataPath("/.well-known/oauth-protected-resource/other")).isFalse();
        assertThat(resource.isMetadataPath("/mcp")).isFalse();
    }

    @Test
    void aResourceWithoutAPathHasOneMetadataPath() {
        for (String uri : List.of("https://mcp.example.test", "https://mcp.example.test/")) {
            ProtectedResource resource = new ProtectedResource(URI.create(uri), List.of("https://issuer"), List.of());

            assertThat(resource.metadataUrl()).isEqualTo("https://mcp.example.test/.well-known/oauth-protected-resource");
            assertThat(resource.isMetadataPath("/.well-known/oauth-protected-resource")).isTrue();
            assertThat(resource.isMetadataPath("/mcp")).isFalse();
        }
    }

    @Test
    void aRelativeResourceIsRefused() {
        assertThatThrownBy(() -> new ProtectedResource(URI.create("/mcp"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
