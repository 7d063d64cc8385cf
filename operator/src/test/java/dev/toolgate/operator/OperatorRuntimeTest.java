package dev.toolgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The operator as OperatorMain runs it: metrics and probes over HTTP, configuration from the environment. */
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void servesProbesAndPrometheusMetricsIncludingReconciliations() throws Exception {
        OperatorHarness.registerCrds(client);
        var settings = new OperatorSettings(Set.of(), "test", 0);
        try (var runtime = OperatorRuntime.start(client, settings, TestValidators.current(), o -> o
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false))) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, runtime, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(http, runtime, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, runtime, "/nothing").statusCode()).isEqualTo(404);
            assertThat(get(http, runtime, "/approvals").statusCode()).as("the approvals API, which needs a token").isEqualTo(401);

            client.resource(Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp")).inNamespace(Fixtures.NAMESPACE).create();
            await().untilAsserted(() -> assertThat(get(http, runtime, "/metrics").body())
                    .contains("operator_sdk_reconciliations_success_total")
                    .contains("jvm_memory_used_bytes"));
            assertThat(get(http, runtime, "/metrics").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        }
    }

    @Test
    void readsItsSettingsFromTheEnvironment() {
        assertThat(OperatorSettings.fromEnvironment(Map.of()).watchNamespaces()).isEmpty();
        var settings = OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", " team-a, ,team-b ", "POD_NAME", "toolgate-operator-7c9"));
        assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(settings.reportingInstance()).isEqualTo("toolgate-operator-7c9");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.approvalsApi()).isTrue();
        assertThat(OperatorSettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_API", "false")).approvalsApi()).isFalse();
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_API", "yes")))
                .hasMessageContaining("TOOLGATE_APPROVALS_API is true or false");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_API", "false",
                "TOOLGATE_APPROVALS_PUBLIC_URL", "https://approvals.example.com")))
                .as("links to a page nobody serves").hasMessageContaining("unset one of them");
    }

    private static HttpResponse<String> get(HttpClient http, OperatorRuntime runtime, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
