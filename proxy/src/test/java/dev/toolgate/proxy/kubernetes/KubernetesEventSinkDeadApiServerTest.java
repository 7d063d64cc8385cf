package dev.toolgate.proxy.kubernetes;

import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.proxy.audit.AuditRecord;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The request path must not notice the API server: record() returns at once whether the server refuses
 * connections or accepts them and never answers. (The timeouts below only catch a blocking record(); they do not
 * measure speed.)
 */
class KubernetesEventSinkDeadApiServerTest {
    private static final String NS = "agents";
    private static final int CALLS = 5_000;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KubernetesClient client;
    private KubernetesEventSink sink;
    private ServerSocket silentServer;

    @AfterEach
    void stop() throws IOException {
        if (sink != null) {
            sink.close();
        }
        if (client != null) {
            client.close();
        }
        if (silentServer != null) {
            silentServer.close();
        }
    }

    private static KubernetesClient clientFor(int port) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withNamespace(NS).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private KubernetesEventSink sink(KubernetesEventSink.Settings settings) {
        sink = new KubernetesEventSink(client, NS, new RegardingObjects(NS, "conductor", "pod-1"), "pod-1",
                registry, clock, settings);
        return sink;
    }

    private AuditRecord denial(int i) {
        return new AuditRecord(clock.instant(), "agent-" + i, "team-a", "s", "delete_workflow", Outcome.DENY,
                "tp/no-deletes", RuleOrigin.toolPolicy("tp"), "no", "ab", null, 10);
    }

    private double dropped(String reason) {
        var counter = registry.find(KubernetesEventSink.DROPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRefusingApiServerCostsTheCallerNothingAndEveryLostEventIsCounted() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        client = clientFor(closedPort);
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(100, 50, 1_000, 1_000, Duration.ofMinutes(6), Duration.ofSeconds(5)));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < CALLS; i++) {
                sink.record(denial(i));
            }
        });

        // every refused call is accounted for: written (none could be), or dropped for one reason or another
        await().atMost(Duration.ofSeconds(20)).until(() ->
                dropped("queue_full") + dropped("backlog_full") + dropped("api_error") == CALLS);
        assertThat(dropped("api_error")).isPositive();
    }

    @Test
    void anApiServerThatNeverAnswersFillsTheBoundedQueueAndTheRestIsDropped() throws IOException {
        // accepts connections (the kernel's backlog does) but never reads or answers
        silentServer = new ServerSocket();
        silentServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        client = clientFor(silentServer.getLocalPort());
        int capacity = 10;
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(capacity, 50, 1_000, 1_000, Duration.ofMinutes(6), Duration.ofSeconds(60)));
        sink.record(denial(-1));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < CALLS; i++) {
                sink.record(denial(i));
            }
        });

        // the worker is stuck in its first write; at most one batch left the queue before it got stuck
        assertThat(dropped("queue_full")).isGreaterThanOrEqualTo(CALLS - 2.0 * capacity);
        assertThat(dropped("api_error")).isZero();
    }

    @Test
    void aWriteThatGetsNoAnswerTimesOutAndTheWorkerMovesOn() throws IOException {
        silentServer = new ServerSocket();
        silentServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        client = clientFor(silentServer.getLocalPort());
        KubernetesEventSink sink = sink(new KubernetesEventSink.Settings(100, 50, 1_000, 1_000, Duration.ofMinutes(6), Duration.ofMillis(300)));

        for (int i = 0; i < 3; i++) {
            sink.record(denial(i));
        }

        // each write gives up after its timeout instead of holding the worker forever
        await().atMost(Duration.ofSeconds(15)).until(() -> dropped("api_error") == 3);
        assertThat(dropped("queue_full")).isZero();
    }
}
