package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy in Kubernetes mode, as {@code serve --policy-configmap} runs it: the demo MCP server upstream, the policy
 * from a ConfigMap on the mock API server (merged the way the operator writes it: rules named
 * {@code <ToolPolicy>/<rule>}, each naming its ToolPolicy in {@code toolpolicy}), a real MCP client over HTTP, and the refusals read back as Events.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesModeEndToEndTest {
    static {
        QuietMockServer.install();
    }

    private static final String NS = "agents";
    private static final String CONFIG_MAP = "conductor-toolgate-policy";
    private static final String MERGED = """
            {"version":"1","default":"deny","tools":{
              "list_workflows":{},
              "run_workflow":{"rules":[{"name":"conductor-run-workflow/run-rate","rate_limit":"2/minute","toolpolicy":"conductor-run-workflow"}]},
              "delete_workflow":{"rules":[{"name":"conductor-no-deletes/no-deletes","action":"deny",
                                           "toolpolicy":"conductor-no-deletes",
                                           "on_deny":"Deleting workflows is not permitted"}]}}}""";
    private static final String MERGED_WITHOUT_NO_DELETES = """
            {"version":"1","default":"deny","tools":{
              "list_workflows":{},
              "run_workflow":{"rules":[{"name":"conductor-run-workflow/run-rate","rate_limit":"2/minute","toolpolicy":"conductor-run-workflow"}]},
              "delete_workflow":{}}}""";

    KubernetesClient client;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private DemoMcpServer upstream;
    private KubernetesMode mode;
    private ProxyServer proxy;
    private McpSyncClient agent;

    @BeforeEach
    void start() throws Exception {
        applyPolicy(MERGED);
        upstream = DemoMcpServer.start(0);
        mode = KubernetesMode.create(client, false, CONFIG_MAP, NS, "conductor", registry, Clock.systemUTC(),
                KubernetesEventSink.Settings.DEFAULTS, Map.of("POD_NAME", "conductor-toolgate-6c9d-q8x2z"));
        // counters use UTC calendar windows: a fixed clock keeps the three calls in one minute
        proxy = ProxyServer.start(ProxyOptions.builder(upstream.mcpUri()).port(0).adminPort(0).eventLoops(1)
                .clock(new FakeClock(Instant.parse("2026-11-25T12:00:30Z")))
                .registry(registry).sink(mode.eventSink()).build(), mode.policySource());
        agent = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + proxy.port())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(10)).build();
        agent.initialize();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.closeGracefully();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (mode != null) {
            mode.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void applyPolicy(String json) {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName(CONFIG_MAP).endMetadata()
                .addToData(PolicyConfigMap.KEY, json).build();
        client.configMaps().inNamespace(NS).resource(configMap).createOr(c -> c.update());
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return agent.callTool(new CallToolRequest(tool, arguments));
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    private List<Event> events(String reason) {
        return client.events().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void refusedCallsBecomeEventsAboutTheToolPolicyThatRefusedThem() throws Exception {
        CallToolResult denied = call("delete_workflow", Map.of("workflowId", "wf-1"));
        assertThat(denied.isError()).isTrue();
        assertThat(text(denied)).contains("Denied by policy: Deleting workflows is not permitted");

        assertThat(call("run_workflow", Map.of("name", "nightly")).isError()).isFalse();
        assertThat(call("run_workflow", Map.of("name", "nightly")).isError()).isFalse();
        CallToolResult limited = call("run_workflow", Map.of("name", "nightly"));
        assertThat(limited.isError()).isTrue();
        call("run_workflow", Map.of("name", "nightly"));

        CallToolResult unlisted = call("cancel_workflow", Map.of("workflowId", "wf-1"));
        assertThat(unlisted.isError()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> events("ToolCallDenied").size() == 2
                && events("RateLimited").size() == 1 && events("RateLimited").get(0).getSeries() != null);
        Event noDeletes = events("ToolCallDenied").stream()
                .filter(e -> e.getRegarding().getKind().equals("ToolPolicy")).findFirst().orElseThrow();
        assertThat(noDeletes.getRegarding().getName()).isEqualTo("conductor-no-deletes");
        assertThat(noDeletes.getNote()).contains("\"delete_workflow\"").contains("conductor-no-deletes/no-deletes");
        assertThat(noDeletes.getReportingInstance()).isEqualTo("conductor-toolgate-6c9d-q8x2z");
        Event byDefault = events("ToolCallDenied").stream()
                .filter(e -> e.getRegarding().getKind().equals("McpServer")).findFirst().orElseThrow();
        assertThat(byDefault.getRegarding().getName()).isEqualTo("conductor");
        assertThat(byDefault.getNote()).contains("\"cancel_workflow\"").contains("rule \"default\"");
        Event rateLimited = events("RateLimited").get(0);
        assertThat(rateLimited.getRegarding().getName()).isEqualTo("conductor-run-workflow");
        assertThat(rateLimited.getSeries().getCount()).as("two refusals, one Event").isEqualTo(2);

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + proxy.adminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("toolgate_events_written_total{operation=\"create\"} 3.0")
                .contains("toolgate_events_dropped_total{reason=\"queue_full\"} 0.0");
    }

    @Test
    void aPolicyChangeInTheConfigMapIsEnforcedWithinTwoSeconds() {
        assertThat(call("delete_workflow", Map.of("workflowId", "wf-1")).isError()).isTrue();

        applyPolicy(MERGED_WITHOUT_NO_DELETES);

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !text(call("delete_workflow", Map.of("workflowId", "wf-1"))).startsWith("Denied by policy"));
    }
}
