package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.identity.OidcSettings;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP Java SDK client through the proxy with real bearer JWTs (signed here, keys served by a test issuer over
 * HTTP) to the demo MCP server: identity and grants come from the claims and reach the policy's counters and the
 * audit line (with the token's {@code jti}, never the token); the Protected Resource Metadata is served; a token
 * without a required scope gets 403.
 */
class JwtEndToEndTest extends DemoUpstreamTest {
    private static final String ONE_RUN_PER_GRANT = """
            {"version": "1", "default": "allow",
             "tools": {"run_workflow": {"limits": [{"counter": "runs", "window": "minute", "max": 1, "scope": "grant"}]}}}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestIssuer issuer;
    private Path dir;

    @BeforeEach
    void startIssuer(@TempDir Path dir) throws Exception {
        this.dir = dir;
        issuer = new TestIssuer(ProxyFixture.START);
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    private void startProxy(List<String> requiredScopes) throws Exception {
        OidcSettings oidc = new OidcSettings(issuer.issuer(), TestIssuer.AUDIENCE, null, null, "groups", requiredScopes);
        proxy = new ProxyFixture(dir, demo.mcpUri(), ONE_RUN_PER_GRANT, options -> options.oidc(oidc));
    }

    private McpSyncClient client(String token) {
        return proxy.mcpClient(transport -> transport.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)));
    }

    @Test
    void identityAndGrantsComeFromTheTokenAndTheAuditNamesItByJti() throws Exception {
        startProxy(List.of());
        String alice = issuer.token(c -> c.jwtID("alice-1"));
        String bob = issuer.token(c -> c.subject("bob").claim("groups", List.of("team-a")).jwtID("bob-1"));
        String carol = issuer.token(c -> c.subject("carol").claim("groups", List.of("team-b")).jwtID("carol-1"));
        CallToolRequest run = new CallToolRequest("run_workflow", Map.of("name", "nightly"));
        try (McpSyncClient a = client(alice); McpSyncClient b = client(bob); McpSyncClient c = client(carol)) {
            assertThat(a.callTool(run).isError()).isFalse();
            assertThat(b.callTool(run).isError()).isTrue(); // team-a's one run is spent
            assertThat(c.callTool(run).isError()).isFalse();
        }

        assertThat(proxy.audit.records).extracting(AuditRecord::identity, AuditRecord::grants, AuditRecord::token)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("alice", List.of("team-a", "ops"), "jti:alice-1"),
                        org.assertj.core.groups.Tuple.tuple("bob", List.of("team-a"), "jti:bob-1"),
                        org.assertj.core.groups.Tuple.tuple("carol", List.of("team-b"), "jti:carol-1"));
    }

    @Test
    void theSdkClientCannotConnectWithAForgedToken() throws Exception {
        startProxy(List.of());
        issuer.signWithUnpublished("forged");
        String forged = issuer.token();

        assertThatThrownBy(() -> client(forged)).isInstanceOf(RuntimeException.class);
        assertThat(proxy.audit.records).isEmpty();
    }

    @Test
    void theProtectedResourceMetadataIsServedAtBothWellKnownPaths() throws Exception {
        startProxy(List.of("mcp:tools"));
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> response = ProxyFixture.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.server.port() + path)).GET().build());

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            JsonNode metadata = JSON.readTree(response.body());
            assertThat(metadata.path("resource").asText()).isEqualTo(TestIssuer.AUDIENCE);
            assertThat(metadata.path("authorization_servers")).containsExactly(JSON.valueToTree(issuer.issuer().toString()));
            assertThat(metadata.path("scopes_supported")).containsExactly(JSON.valueToTree("mcp:tools"));
            assertThat(metadata.path("bearer_methods_supported")).containsExactly(JSON.valueToTree("header"));
        }
    }

    @Test
    void aTokenWithoutARequiredScopeGets403InsufficientScope() throws Exception {
        startProxy(List.of("mcp:tools", "mcp:admin"));
        HttpResponse<String> response = proxy.post(ProxyFixture.INITIALIZE, "Authorization", "Bearer " + issuer.token());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"toolgate\", resource_metadata=\""
                + JwtAttacksTest.METADATA + "\", error=\"insufficient_scope\", error_description=\"the bearer token lacks a "
                + "required scope\", scope=\"mcp:tools mcp:admin\"");
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .isEqualTo("Forbidden: the bearer token lacks a required scope");

        String scoped = issuer.token(c -> c.claim("scope", "mcp:admin mcp:tools"));
        try (McpSyncClient client = client(scoped)) {
            assertThat(client.listTools().tools()).isNotEmpty();
        }
    }
}
