package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.proxy.audit.AuditRecord;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class KubernetesModeTest {
    static {
        QuietMockServer.install();
    }

    private static final String NS = "agents";

    KubernetesClient client;

    @Test
    void wiresThePolicyFromTheConfigMapAndDenialsAsEventsAboutItsOwners() throws Exception {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withNamespace(NS).withName("conductor-policy")
                .addNewOwnerReference().withApiVersion("toolgate.dev/v1alpha1").withKind("McpServer")
                .withName("conductor").withUid("6f1c-server").withController(true).endOwnerReference()
                .addToAnnotations(PolicyConfigMap.TOOL_POLICY_UIDS_ANNOTATION, "{\"team-a\":\"9a2e-policy\"}")
                .endMetadata()
                .addToData("policy.json", "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{}}}")
                .build()).create();
        var listener = new dev.toolgate.proxy.source.RecordingListener();

        try (KubernetesMode mode = KubernetesMode.create(client, false, "conductor-policy", null, null,
                new SimpleMeterRegistry(), Clock.systemUTC(), KubernetesEventSink.Settings.DEFAULTS,
                Map.of("POD_NAMESPACE", NS, "POD_NAME", "conductor-proxy-5d8c-x2x7q"))) {
            mode.policySource().start(listener);
            assertThat(listener.current().mayList("run_workflow")).isTrue();

            mode.eventSink().record(new AuditRecord(Instant.now(), "alice", "team-a", "s1", "delete_workflow",
                    Outcome.DENY, "default", "not listed", "ab", null, 5));
            mode.eventSink().record(new AuditRecord(Instant.now(), "alice", "team-a", "s1", "run_workflow",
                    Outcome.RATE_LIMITED, "team-a/run-rate", RuleOrigin.toolPolicy("team-a"), "10 a minute", "ab", null, 5));

            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 2);
        }

        Event denied = events().stream().filter(e -> e.getReason().equals("ToolCallDenied")).findFirst().orElseThrow();
        assertThat(denied.getRegarding().getKind()).isEqualTo("McpServer");
        assertThat(denied.getRegarding().getName()).isEqualTo("conductor");
        assertThat(denied.getRegarding().getUid()).isEqualTo("6f1c-server");
        assertThat(denied.getReportingInstance()).isEqualTo("conductor-proxy-5d8c-x2x7q");
        Event limited = events().stream().filter(e -> e.getReason().equals("RateLimited")).findFirst().orElseThrow();
        assertThat(limited.getRegarding().getKind()).isEqualTo("ToolPolicy");
        assertThat(limited.getRegarding().getName()).isEqualTo("team-a");
        assertThat(limited.getRegarding().getUid()).isEqualTo("9a2e-policy");
        assertThat(limited.getRelated().getName()).isEqualTo("conductor");
        // the caller's client stays open
        assertThat(client.configMaps().inNamespace(NS).withName("conductor-policy").get()).isNotNull();
    }

    private List<Event> events() {
        return client.events().v1().events().inNamespace(NS).list().getItems();
    }

    @Test
    void theNamespaceIsTheFlagThenPodNamespaceThenTheClients() {
        assertThat(KubernetesMode.namespace("flag-ns", Map.of("POD_NAMESPACE", "pod-ns"), client)).isEqualTo("flag-ns");
        assertThat(KubernetesMode.namespace(null, Map.of("POD_NAMESPACE", "pod-ns"), client)).isEqualTo("pod-ns");
        assertThat(KubernetesMode.namespace("", Map.of(), client)).isEqualTo(client.getNamespace());
    }

    @Test
    void theReportingInstanceIsPodNameThenTheHostName() {
        assertThat(KubernetesMode.podName(Map.of("POD_NAME", "p-1", "HOSTNAME", "h-1"))).isEqualTo("p-1");
        assertThat(KubernetesMode.podName(Map.of("HOSTNAME", "h-1"))).isEqualTo("h-1");
        assertThat(KubernetesMode.podName(Map.of())).isNotBlank();
    }

    @Test
    void aConfigMapNameIsRequired() {
        assertThatThrownBy(() -> KubernetesMode.create(client, " ", null, null, new SimpleMeterRegistry(),
                Clock.systemUTC(), KubernetesEventSink.Settings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--policy-configmap");
    }
}
