package dev.toolgate.proxy.kubernetes;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared counter store going away and coming back, as Events on the McpServer (through the Kubernetes mode). */
@EnableKubernetesMockClient(crud = true)
class CounterStoreEventsTest {
    static {
        QuietMockServer.install();
    }

    private static final String NS = "agents";

    KubernetesClient client;

    @Test
    void aWarningWhenTheStoreGoesAwayAndANormalEventWhenItIsBack() throws Exception {
        try (KubernetesMode mode = KubernetesMode.create(client, false, "conductor-policy", null, "conductor",
                new SimpleMeterRegistry(), Clock.systemUTC(), KubernetesEventSink.Settings.DEFAULTS,
                Map.of("POD_NAMESPACE", NS, "POD_NAME", "conductor-proxy-0"))) {
            mode.storeEvents().lost("io.lettuce.core.RedisConnectionException: Connection refused: /10.0.0.7:6379");
            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
            mode.storeEvents().back();
            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 2);
        }

        List<Event> events = events();
        Event lost = events.stream().filter(e -> e.getReason().equals(CounterStoreEvents.LOST)).findFirst().orElseThrow();
        assertThat(lost.getType()).isEqualTo("Warning");
        assertThat(lost.getRegarding().getKind()).isEqualTo("McpServer");
        assertThat(lost.getRegarding().getName()).isEqualTo("conductor");
        assertThat(lost.getReportingInstance()).isEqualTo("conductor-proxy-0");
        assertThat(lost.getNote()).as("no library internals or addresses in the Event").doesNotContain("lettuce", "10.0.0.7");
        Event back = events.stream().filter(e -> e.getReason().equals(CounterStoreEvents.BACK)).findFirst().orElseThrow();
        assertThat(back.getType()).isEqualTo("Normal");
        assertThat(back.getRegarding().getName()).isEqualTo("conductor");
    }

    private List<Event> events() {
        return client.events().v1().events().inNamespace(NS).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }
}
