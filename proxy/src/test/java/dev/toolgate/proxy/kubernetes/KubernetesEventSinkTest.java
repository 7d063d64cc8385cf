package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.proxy.audit.AuditRecord;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class KubernetesEventSinkTest {
    static {
        QuietMockServer.install();
    }

    private static final String NS = "agents";

    KubernetesClient client;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KubernetesEventSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    private KubernetesEventSink sink(KubernetesEventSink.Settings settings) {
        RegardingObjects regarding = new RegardingObjects(NS, "conductor", "toolgate-proxy-7d9f-abcde");
        sink = new KubernetesEventSink(client, NS, regarding, "toolgate-proxy-7d9f-abcde", registry, clock, settings);
        return sink;
    }

    private KubernetesEventSink sink() {
        return sink(KubernetesEventSink.Settings.DEFAULTS);
    }

    /** A rule named {@code <ToolPolicy>/<rule>} comes from that ToolPolicy, as the operator's merge writes it. */
    private AuditRecord call(Outcome outcome, String tool, String identity, String rule) {
        int slash = rule.indexOf('/');
        RuleOrigin origin = slash > 0 ? RuleOrigin.toolPolicy(rule.substring(0, slash)) : RuleOrigin.DOCUMENT;
        return new AuditRecord(clock.instant(), identity, "team-a", "session-1", tool, outcome, rule, origin,
                "Deleting workflows is not allowed", "ab12", null, 42);
    }

    private List<Event> events() {
        return client.events().v1().events().inNamespace(NS).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    private double dropped(String reason) {
        var counter = registry.find(KubernetesEventSink.DROPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDenialBecomesAWarningEventAboutTheToolPolicyThatDecided() {
        sink().record(call(Outcome.DENY, "delete_workflow", "alice", "team-a-policy/no-deletes"));

        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
        Event event = events().get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("ToolCallDenied");
        assertThat(event.getAction()).isEqualTo("ToolCall");
        assertThat(event.getReportingController()).isEqualTo("toolgate.dev/proxy");
        assertThat(event.getReportingInstance()).isEqualTo("toolgate-proxy-7d9f-abcde");
        assertThat(event.getNote()).isEqualTo("Tool call \"delete_workflow\" by identity \"alice\" (grant \"team-a\") "
                + "denied by rule \"team-a-policy/no-deletes\": Deleting workflows is not allowed");
        assertThat(event.getEventTime().getTime()).isEqualTo("2026-11-25T12:00:00.000000Z");
        assertThat(event.getSeries()).isNull();
        assertThat(event.getMetadata().getName()).startsWith("team-a-policy.");
        assertThat(event.getRegarding().getApiVersion()).isEqualTo("toolgate.dev/v1alpha1");
        assertThat(event.getRegarding().getKind()).isEqualTo("ToolPolicy");
        assertThat(event.getRegarding().getName()).isEqualTo("team-a-policy");
        assertThat(event.getRegarding().getNamespace()).isEqualTo(NS);
        assertThat(event.getRelated().getKind()).isEqualTo("McpServer");
        assertThat(event.getRelated().getName()).isEqualTo("conductor");
    }

    @Test
    void eachRefusalHasItsReasonAndAllowedCallsNone() {
        KubernetesEventSink sink = sink();
        sink.record(call(Outcome.ALLOW, "list_workflows", "alice", "tp/read"));
        sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "alice", "tp/run-rate"));
        sink.record(call(Outcome.REQUIRE_APPROVAL, "cancel_workflow", "alice", "tp/approve-cancel"));
        sink.record(call(Outcome.DENY, "delete_workflow", "alice", "tp/no-deletes"));

        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 3);
        assertThat(events()).extracting(Event::getReason)
                .containsExactlyInAnyOrder("RateLimited", "ApprovalRequired", "ToolCallDenied");
        assertThat(events()).extracting(Event::getNote).noneMatch(note -> note.contains("list_workflows"));
        assertThat(events()).filteredOn(e -> e.getReason().equals("RateLimited")).singleElement()
                .satisfies(e -> assertThat(e.getNote()).contains("rate-limited by rule \"tp/run-rate\""));
    }

    @Test
    void aDecisionWithoutAToolPolicyRuleIsAboutTheMcpServer() {
        sink().record(call(Outcome.DENY, "drop_database", "bob", "default"));

        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
        Event event = events().get(0);
        assertThat(event.getRegarding().getKind()).isEqualTo("McpServer");
        assertThat(event.getRegarding().getName()).isEqualTo("conductor");
        assertThat(event.getRegarding().getApiVersion()).isEqualTo("toolgate.dev/v1alpha1");
        assertThat(event.getRelated()).isNull();
    }

    @Test
    void uidsLearntFromThePolicyConfigMapLetKubectlDescribeFindTheEvents() {
        RegardingObjects regarding = new RegardingObjects(NS, null, "pod-1");
        regarding.learn(new ConfigMapBuilder().withNewMetadata().withName("conductor-policy")
                .addNewOwnerReference().withApiVersion("toolgate.dev/v1alpha1").withKind("McpServer")
                .withName("conductor").withUid("uid-server").endOwnerReference()
                .addToAnnotations(PolicyConfigMap.TOOL_POLICY_UIDS_ANNOTATION, "{\"team-a-policy\":\"uid-tp\"}")
                .endMetadata().build());

        assertThat(regarding.forOrigin(RuleOrigin.toolPolicy("team-a-policy")).getUid()).isEqualTo("uid-tp");
        assertThat(regarding.forOrigin(RuleOrigin.DOCUMENT).getName()).isEqualTo("conductor");
        assertThat(regarding.forOrigin(RuleOrigin.DOCUMENT).getUid()).isEqualTo("uid-server");
        assertThat(regarding.forOrigin(RuleOrigin.PROXY).getName()).as("the proxy's own rules").isEqualTo("conductor");
        assertThat(new RegardingObjects(NS, null, "pod-1").forOrigin(RuleOrigin.DOCUMENT).getKind()).isEqualTo("Pod");
    }

    @Test
    void repeatsAreOneEventSeriesNotNewEvents() {
        KubernetesEventSink sink = sink();
        sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "alice", "tp/run-rate"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(3));
            sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "alice", "tp/run-rate"));
        }
        sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "bob", "tp/run-rate"));

        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 2
                && events().stream().anyMatch(e -> e.getSeries() != null && e.getSeries().getCount() == 5));
        Event alice = events().stream().filter(e -> e.getNote().contains("\"alice\"")).findFirst().orElseThrow();
        assertThat(alice.getSeries().getCount()).isEqualTo(5);
        assertThat(alice.getSeries().getLastObservedTime().getTime()).isEqualTo("2026-11-25T12:00:12.000000Z");
        assertThat(alice.getEventTime().getTime()).isEqualTo("2026-11-25T12:00:00.000000Z");
        Event bob = events().stream().filter(e -> e.getNote().contains("\"bob\"")).findFirst().orElseThrow();
        assertThat(bob.getSeries()).isNull();
    }

    @Test
    void anEventThatExpiredIsCreatedAgain() {
        KubernetesEventSink sink = sink();
        sink.record(call(Outcome.DENY, "delete_workflow", "alice", "tp/no-deletes"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
        String first = events().get(0).getMetadata().getName();
        client.events().v1().events().inNamespace(NS).withName(first).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> events().isEmpty());

        clock.advance(Duration.ofSeconds(1));
        sink.record(call(Outcome.DENY, "delete_workflow", "alice", "tp/no-deletes"));

        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
        assertThat(events().get(0).getMetadata().getName()).isNotEqualTo(first);
        assertThat(events().get(0).getSeries().getCount()).isEqualTo(2);
        assertThat(dropped("api_error")).isZero();
    }

    @Test
    void writesAreRateLimitedAndCatchUpAsTheClockMoves() {
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(100, 100, 1, 2, Duration.ofMinutes(6), Duration.ofSeconds(5)));
        for (int i = 0; i < 5; i++) {
            sink.record(call(Outcome.DENY, "tool_" + i, "alice", "tp/deny-all"));
        }

        // the burst of two, then nothing while the fake clock stands still
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> events().size() == 2);

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 3);
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 5);
        assertThat(dropped("queue_full") + dropped("backlog_full") + dropped("api_error")).isZero();
    }

    @Test
    void repeatsWhileRateLimitedAreCountedIntoTheSeriesNotDropped() {
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(100, 100, 1, 1, Duration.ofMinutes(6), Duration.ofSeconds(5)));
        sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "alice", "tp/run-rate"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);

        for (int i = 0; i < 10; i++) {
            sink.record(call(Outcome.RATE_LIMITED, "run_workflow", "alice", "tp/run-rate"));
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> events().get(0).getSeries() == null);

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().get(0).getSeries() != null);
        assertThat(events().get(0).getSeries().getCount()).isEqualTo(11);
        assertThat(events()).hasSize(1);
    }

    @Test
    void newSeriesBeyondTheBacklogAreDroppedWithTheMetric() {
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(100, 3, 1, 1, Duration.ofMinutes(6), Duration.ofSeconds(5)));
        sink.record(call(Outcome.DENY, "tool_0", "alice", "tp/deny-all"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);

        for (int i = 1; i < 10; i++) {
            sink.record(call(Outcome.DENY, "tool_" + i, "alice", "tp/deny-all"));
        }

        // the written tool_0 makes room; tool_1..3 wait for a token that the frozen clock never gives; 4..9 refused
        await().atMost(Duration.ofSeconds(5)).until(() -> dropped("backlog_full") == 6);
        assertThat(events()).hasSize(1);
        for (int written = 2; written <= 4; written++) {
            int expected = written;
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == expected);
        }
        assertThat(events()).extracting(e -> e.getNote().substring(0, 18))
                .containsExactlyInAnyOrder("Tool call \"tool_0\"", "Tool call \"tool_1\"", "Tool call \"tool_2\"", "Tool call \"tool_3\"");
    }
}
