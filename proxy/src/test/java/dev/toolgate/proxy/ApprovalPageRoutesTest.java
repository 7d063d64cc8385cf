package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's admin port shares {@code /approvals} between the page and the JSON API over real HTTP: a browser's
 * navigation gets the page (no token needed: it holds no data), every other request the API; and the API's records
 * carry the paths that decide them while they are pending (the page posts to exactly those).
 */
class ApprovalPageRoutesTest extends DemoUpstreamTest {
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"),
                "keys:\n  - {token: alice-token, identity: alice}\n"));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"),
                "keys:\n  - {token: bob-admin-token, identity: bob}\n"));
        proxy = new ProxyFixture(dir, demo.mcpUri(), ApprovalEndToEndTest.POLICY, options -> options.apiKeys(agents),
                ApprovalOptions.decidedBy(admins).withTtl(Duration.ofMinutes(10)));
    }

    private String pendingId() {
        try (McpSyncClient alice = proxy.mcpClient(t -> t.requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer alice-token")))) {
            return JsonRpcParser.MAPPER.valueToTree(alice.callTool(new CallToolRequest("run_workflow",
                    Map.of("name", "prod"))).meta()).path("dev.toolgate/decision").path("id").asText();
        }
    }

    private HttpResponse<String> admin(String method, String path, String accept, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer bob-admin-token")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return ProxyFixture.send(request.build());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JsonRpcParser.MAPPER.readTree(response.body());
    }

    @Test
    void aPendingRecordCarriesTheActionsThatDecideItAndADecidedOneNone() throws Exception {
        String id = pendingId();
        JsonNode listed = json(admin("GET", "/approvals", "application/json", null)).path("approvals").get(0);
        assertThat(listed.path("actions")).isEqualTo(JsonRpcParser.MAPPER.readTree(
                "{\"approve\":\"/approvals/" + id + "/approve\",\"deny\":\"/approvals/" + id + "/deny\"}"));
        assertThat(json(admin("GET", "/approvals/" + id, null, null)).path("actions").path("approve").asText())
                .isEqualTo("/approvals/" + id + "/approve");

        JsonNode decided = json(admin("POST", listed.path("actions").path("approve").asText(), "application/json",
                "{\"reason\":\"  \"}"));
        assertThat(decided.path("state").asText()).isEqualTo("approved");
        assertThat(decided.has("actions")).isFalse();
        assertThat(decided.path("decisionReason").isNull()).as("a blank reason is none").isTrue();
        assertThat(json(admin("GET", "/approvals", null, null)).path("approvals").get(0).has("actions")).isFalse();
    }

    @Test
    void aBrowserOpeningTheAgentsLinkGetsThePageAndProgramsTheJson() throws Exception {
        String id = pendingId();
        // the link the agent was given, opened without a token
        HttpResponse<String> page = ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + proxy.server.adminPort() + "/approvals/" + id)).header("Accept", BROWSER).build());
        assertThat(page.statusCode()).as("no token needed: the page holds no data").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'none'; script-src 'self';"));
        assertThat(page.body()).contains("/approvals-ui/app.js").doesNotContain(id);
        assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort()
                + "/approvals-ui/app.css")).build()).statusCode()).isEqualTo(200);

        assertThat(json(admin("GET", "/approvals/" + id, "application/json", null)).path("id").asText()).isEqualTo(id);
        assertThat(json(admin("GET", "/approvals/" + id, "*/*", null)).path("id").asText()).isEqualTo(id);
        HttpResponse<String> withoutToken = ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + proxy.server.adminPort() + "/approvals/" + id)).header("Accept", "application/json").build());
        assertThat(withoutToken.statusCode()).isEqualTo(401);
        // a browser's navigation never decides: a POST goes to the API whatever it accepts
        assertThat(admin("POST", "/approvals/" + id + "/deny", BROWSER, "{\"reason\":\"no\"}").statusCode()).isEqualTo(200);
    }
}
