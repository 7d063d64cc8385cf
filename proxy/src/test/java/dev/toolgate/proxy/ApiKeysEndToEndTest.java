package dev.toolgate.proxy;

import dev.toolgate.proxy.auth.ApiKeys;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys: 401 without a valid bearer token; identity and grant from the key drive counters and audit. */
class ApiKeysEndToEndTest extends DemoUpstreamTest {
    private static final String KEYS = """
            keys:
              - token: alice-secret-token
                identity: alice
                grant: team-a
              - token: bob-secret-token
                identity: bob
                grant: team-a
              - token: carol-secret-token
                identity: carol
                grant: team-b
            """;
    private static final String ONE_RUN_PER_GRANT = """
            {"version": "1", "default": "allow",
             "tools": {"run_workflow": {"limits": [{"counter": "runs", "window": "minute", "max": 1, "scope": "grant"}]}}}
            """;

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        Path keys = Files.writeString(dir.resolve("api-keys.yaml"), KEYS);
        ApiKeys apiKeys = ApiKeys.load(keys);
        proxy = new ProxyFixture(dir, demo.mcpUri(), ONE_RUN_PER_GRANT, options -> options.apiKeys(apiKeys));
    }

    private McpSyncClient client(String token) {
        return proxy.mcpClient(transport -> transport.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)));
    }

    @Test
    void withoutAValidBearerTokenTheAnswerIs401WithWwwAuthenticate() throws Exception {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (HttpResponse<String> response : new HttpResponse[]{
                proxy.post(ping),
                proxy.post(ping, "Authorization", "Bearer alice-secret-tokeN"),
                proxy.post(ping, "Authorization", "Basic YWxpY2U6c2VjcmV0")}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
        }
    }

    @Test
    void theSdkClientCannotConnectWithoutAKey() {
        assertThatThrownBy(() -> proxy.mcpClient()).isInstanceOf(RuntimeException.class);
    }

    @Test
    void countersWithScopeGrantAreSharedWithinAGrantAndSeparateAcrossGrants() {
        try (McpSyncClient alice = client("alice-secret-token");
             McpSyncClient bob = client("bob-secret-token");
             McpSyncClient carol = client("carol-secret-token")) {
            CallToolRequest run = new CallToolRequest("run_workflow", Map.of("name", "nightly"));
            assertThat(alice.callTool(run).isError()).isFalse();
            CallToolResult bobs = bob.callTool(run);
            assertThat(bobs.isError()).isTrue();
            assertThat(bobs.meta()).containsKey("dev.toolgate/decision");
            assertThat(carol.callTool(run).isError()).isFalse();
        }
        assertThat(proxy.audit.records).extracting(r -> r.identity() + "/" + r.grant() + "/" + r.decision())
                .containsExactlyInAnyOrder("alice/team-a/ALLOW", "bob/team-a/RATE_LIMITED", "carol/team-b/ALLOW");
    }
}
