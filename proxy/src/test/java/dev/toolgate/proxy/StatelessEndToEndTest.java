package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw HTTP through the proxy to the demo server's stateless endpoint, which answers with plain JSON: tools/list
 * filtered in a JSON body, and the stateless 2026-07-28 revision's Mcp-Method / Mcp-Name headers checked against
 * the body (HTTP 400, -32020 on a mismatch) while the decision is taken on the body.
 */
class StatelessEndToEndTest extends DemoUpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V2026 = "2026-07-28";

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        proxy = new ProxyFixture(dir, demo.statelessUri(), TestPolicies.demo());
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void toolsListInAJsonBodyIsFiltered() throws Exception {
        HttpResponse<String> response = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        List<String> names = new ArrayList<>();
        JSON.readTree(response.body()).at("/result/tools").forEach(tool -> names.add(tool.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("run_workflow", "list_workflows", "get_workflow_status",
                "pause_workflow", "resume_workflow", "cancel_workflow");
    }

    @Test
    void matchingStandardHeadersPass() throws Exception {
        HttpResponse<String> response = proxy.post(call(1, "run_workflow", "{\"name\":\"invoice\"}"),
                "MCP-Protocol-Version", V2026, "Mcp-Method", "tools/call", "Mcp-Name", "run_workflow");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/result/content/0/text").asText()).matches("wf-\\d+ invoice RUNNING");
    }

    @Test
    void aBase64EncodedNameIsDecodedBeforeComparing() throws Exception {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("list_workflows".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> response = proxy.post(call(1, "list_workflows", "{}"),
                "MCP-Protocol-Version", V2026, "Mcp-Method", "tools/call", "Mcp-Name", encoded);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aNameHeaderThatDisagreesWithTheBodyIsRefusedWithHeaderMismatch() throws Exception {
        // an intermediary routing on the header would see an allowed tool; the body names a denied one
        HttpResponse<String> response = proxy.post(call(7, "delete_workflow", "{\"workflowId\":\"wf-1\"}"),
                "MCP-Protocol-Version", V2026, "Mcp-Method", "tools/call", "Mcp-Name", "list_workflows");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/id").asInt()).isEqualTo(7);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(error.at("/error/message").asText()).contains("Mcp-Name", "list_workflows", "delete_workflow");
        assertThat(proxy.audit.records).isEmpty();
    }

    @Test
    void aMethodHeaderThatDisagreesOrIsMissingIsRefused() throws Exception {
        HttpResponse<String> wrong = proxy.post(call(1, "list_workflows", "{}"),
                "MCP-Protocol-Version", V2026, "Mcp-Method", "tools/list", "Mcp-Name", "list_workflows");
        HttpResponse<String> missing = proxy.post(call(2, "list_workflows", "{}"), "MCP-Protocol-Version", V2026);

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).at("/error/code").asInt()).isEqualTo(-32020);
    }

    @Test
    void theDecisionIsTakenOnTheBodyWhenHeadersAgree() throws Exception {
        HttpResponse<String> response = proxy.post(call(3, "delete_workflow", "{\"workflowId\":\"wf-1\"}"),
                "MCP-Protocol-Version", V2026, "Mcp-Method", "tools/call", "Mcp-Name", "delete_workflow");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body()).get("result");
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.at("/_meta/dev.toolgate~1decision/rule").asText()).isEqualTo("delete_workflow");
    }

    @Test
    void olderRevisionsAreNotHeldToTheNewHeaders() throws Exception {
        HttpResponse<String> response = proxy.post(call(1, "list_workflows", "{}"),
                "MCP-Protocol-Version", "2025-06-18", "Mcp-Method", "something/else");

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
