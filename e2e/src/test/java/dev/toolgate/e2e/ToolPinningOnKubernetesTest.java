package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.inventory.InventoryArguments;
import dev.toolgate.proxy.kubernetes.KubernetesEventSink;
import dev.toolgate.proxy.kubernetes.KubernetesMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #20 on a real API server: the proxy, as the ServiceAccount the operator made for it, records the upstream's
 * tools in {@code status.tools} (classified, hashed; counts in {@code kubectl get mcps}) beside the operator's own
 * status fields; an upstream that rewrites a tool's description between two listings gets the tool refused and a
 * Warning Event naming it and what changed; {@code kubectl toolgate accept-tool} accepts the new definition and the
 * tool works again. No request of the proxy is refused by RBAC.
 */
@ExtendWith(RealApiServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ToolPinningOnKubernetesTest {
    private static final String NS = "pinning";
    private static final ServiceAccountName PROXY = new ServiceAccountName(NS, "reports-toolgate");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int auditMark;
    private static InJvmOperator operator;
    private static ChangingUpstream upstream;
    private static KubernetesClient proxyClient;
    private static KubernetesMode kubernetes;
    private static ProxyServer proxy;

    @BeforeAll
    static void start(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        auditMark = cluster.audit().mark();
        Kubectl kubectl = cluster.kubectl();
        kubectl.run("create", "namespace", NS).orFail();
        upstream = new ChangingUpstream();
        kubectl.runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: reports}
                spec: {upstream: {url: "%s"}}
                ---
                apiVersion: toolgate.dev/v1alpha1
                kind: ToolPolicy
                metadata: {name: reports-allow}
                spec: {targetRef: {name: reports}, version: "1", default: allow, tools: {}}
                """.formatted(upstream.url()), "-n", NS, "apply", "-f", "-").orFail();
        operator = InJvmOperator.start(cluster, NS);
        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("-n", NS, "get", "role", PROXY.name()).exitCode() == 0
                && kubectl.run("-n", NS, "get", "mcpserver", "reports", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PolicyApplied\")].status}").out().equals("True"));

        proxyClient = cluster.clientAs(PROXY);
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        kubernetes = KubernetesMode.create(proxyClient, "reports-toolgate-policy", NS, "reports", registry, Clock.systemUTC(),
                KubernetesEventSink.Settings.DEFAULTS);
        proxy = ProxyServer.start(ProxyOptions.builder(URI.create(upstream.url())).port(0).adminPort(-1).eventLoops(1)
                .registry(registry).sink(kubernetes.eventSink()).inventory(kubernetes.inventory(InventoryArguments.DEFAULTS))
                .build(), kubernetes.policySource());
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(proxy, kubernetes, proxyClient, operator, upstream);
    }

    @Test
    @Order(1)
    void theProxyRecordsTheToolsInTheMcpServersStatus(ControlPlane cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        assertThat(listedNames()).containsExactlyInAnyOrder("send_report", "delete_reports");

        await().atMost(Duration.ofSeconds(30)).until(() -> mcpServer(kubectl).at("/status/tools").size() == 2);
        JsonNode server = mcpServer(kubectl);
        assertThat(tool(server, "send_report").path("class").asText()).isEqualTo("write");
        assertThat(tool(server, "send_report").path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(tool(server, "delete_reports").path("risk").asText()).isEqualTo("critical");
        assertThat(tool(server, "delete_reports").path("signals")).isNotEmpty();
        assertThat(server.at("/status/toolCounts/critical").asInt()).isEqualTo(1);
        assertThat(server.at("/status/policyCount").asInt()).as("the operator's fields stay").isEqualTo(1);
        assertThat(server.at("/metadata/managedFields")).as("status.tools written by the proxy's own field manager")
                .anyMatch(f -> f.path("manager").asText().equals("toolgate-proxy") && f.path("subresource").asText().equals("status")
                        && f.at("/fieldsV1/f:status").has("f:tools"));

        String table = kubectl.run("-n", NS, "get", "mcps", "reports").orFail().out();
        List<String> lines = table.lines().toList();
        List<String> header = List.of(lines.get(0).trim().split("\\s+"));
        List<String> row = List.of(lines.get(1).trim().split("\\s+"));
        assertThat(header).contains("TOOLS", "CRITICAL", "HIGH", "CHANGED");
        assertThat(row.get(header.indexOf("TOOLS"))).isEqualTo("2");
        assertThat(row.get(header.indexOf("CRITICAL"))).isEqualTo("1");
        assertThat(row.get(header.indexOf("CHANGED"))).isEqualTo("0");
    }

    @Test
    @Order(2)
    void aRewrittenDescriptionIsRefusedAndReportedUntilAccepted(ControlPlane cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        assertThat(call().path("result").path("isError").asBoolean()).isFalse();

        upstream.description.set(ChangingUpstream.RUG_PULL);
        assertThat(listedNames()).containsExactly("delete_reports");
        JsonNode refused = call();
        JsonNode meta = refused.path("result").path("_meta").path("dev.toolgate/decision");
        assertThat(meta.path("decision").asText()).isEqualTo("require_approval");
        assertThat(meta.path("rule").asText()).isEqualTo("toolgate/tool-changed");

        await().atMost(Duration.ofSeconds(30)).until(() -> !kubectl.run("-n", NS, "get", "events", "--field-selector",
                "reason=ToolDefinitionChanged", "-o", "name").orFail().out().isBlank());
        JsonNode events = JSON.readTree(kubectl.run("-n", NS, "get", "events", "--field-selector",
                "reason=ToolDefinitionChanged", "-o", "json").orFail().out()).path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).at("/type").asText()).isEqualTo("Warning");
        assertThat(events.get(0).at("/involvedObject/kind").asText()).isEqualTo("McpServer");
        assertThat(events.get(0).at("/involvedObject/name").asText()).isEqualTo("reports");
        assertThat(events.get(0).at("/message").asText()).startsWith("Tool \"send_report\" changed its description since it was pinned");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                tool(mcpServer(kubectl), "send_report").path("changed").toString().equals("[\"description\"]"));

        Kubectl.Result accepted = plugin(kubectl, "accept-tool", "-n", NS, "reports", "send_report");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(mcpServer(kubectl).at("/spec/tools/accepted/send_report").asText())
                .isEqualTo(tool(mcpServer(kubectl), "send_report").path("sha256").asText());

        await().atMost(Duration.ofSeconds(30)).until(() -> !call().path("result").path("isError").asBoolean());
        assertThat(listedNames()).containsExactlyInAnyOrder("send_report", "delete_reports");
        await().atMost(Duration.ofSeconds(30)).until(() -> !tool(mcpServer(kubectl), "send_report").has("changed"));
        // accepting changed the spec: the operator reconciled and applied its status; the proxy's fields are still there
        await().atMost(Duration.ofSeconds(30)).until(() -> mcpServer(kubectl).at("/status/observedGeneration").asLong()
                == mcpServer(kubectl).at("/metadata/generation").asLong());
        JsonNode after = mcpServer(kubectl);
        assertThat(after.at("/status/tools")).hasSize(2);
        assertThat(after.at("/status/toolCounts/changed").asInt()).isZero();
        assertThat(after.at("/status/conditions")).as("the operator's conditions stay").isNotEmpty();
    }

    @Test
    @Order(3)
    void theProxyWasNeverRefusedByRbac(ControlPlane cluster) {
        assertThat(cluster.audit().answered(auditMark, PROXY.username(), 403)).isEmpty();
    }

    /** {@code scripts/kubectl-toolgate} as kubectl would run it, with the test's kubectl and kubeconfig. */
    private static Kubectl.Result plugin(Kubectl kubectl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Repository.root().resolve("scripts/kubectl-toolgate").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.root().toFile());
        builder.environment().put("KUBECTL", kubectl.binary().toString());
        builder.environment().put("KUBECONFIG", kubectl.kubeconfig().toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl toolgate did not end within 60 s");
        }
        return new Kubectl.Result(process.exitValue(), new String(process.getInputStream().readAllBytes()),
                new String(process.getErrorStream().readAllBytes()));
    }

    private static JsonNode mcpServer(Kubectl kubectl) throws IOException {
        return JSON.readTree(kubectl.run("-n", NS, "get", "mcpserver", "reports", "-o", "json", "--show-managed-fields").orFail().out());
    }

    private static JsonNode tool(JsonNode server, String name) {
        for (JsonNode tool : server.at("/status/tools")) {
            if (tool.path("name").asText().equals(name)) {
                return tool;
            }
        }
        return JSON.createObjectNode();
    }

    private static List<String> listedNames() throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").path("result").path("tools").findValuesAsText("name");
    }

    private static JsonNode call() throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"send_report\",\"arguments\":{\"week\":\"49\"}}}");
    }

    private static JsonNode post(String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(proxy.mcpUri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
