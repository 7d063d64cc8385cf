package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisServer;
import dev.toolgate.proxy.counters.RedisSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counters in a real Redis behind real proxies: limits hold across replicas and restarts, counted by what the upstream
 * executed; a Redis that dies, freezes or refuses the password leaves calls that need a counter to the failure mode,
 * the rest working and the proxy ready; a Redis that comes back is used again.
 */
class SharedCountersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** run_workflow: 25 per ~10-year window for everyone (no test crosses its boundary); list_workflows: no limit. */
    private static final String POLICY = """
            {"version": "1", "default": "allow",
             "tools": {"run_workflow": {"limits": [{"counter": "runs", "window": 315360000, "max": %d}]}}}
            """;
    private static final String RUN = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\",\"arguments\":{}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"list_workflows\",\"arguments\":{}}}";

    @TempDir
    Path dir;
    private RedisServer redis;
    private StubUpstream upstream;
    private final List<ProxyFixture> proxies = new ArrayList<>();
    private final String tag = "shared-" + UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        upstream = new StubUpstream((request, body) ->
                StubUpstream.result(request, body, "{\"content\":[]}"));
    }


    @AfterEach
    void stop() throws Exception {
        for (ProxyFixture proxy : proxies) {
            proxy.close();
        }
        upstream.close();
        if (redis != null) {
            redis.close();
        }
    }

    private ProxyFixture proxy(int max, RedisSettings settings) throws Exception {
        Path policyDir = dir.resolve("proxy-" + proxies.size());
        java.nio.file.Files.createDirectories(policyDir);
        ProxyFixture proxy = new ProxyFixture(policyDir, upstream.uri(), POLICY.formatted(max),
                options -> options.eventLoops(2).redis(settings));
        proxies.add(proxy);
        return proxy;
    }

    private RedisSettings settings(FailureMode mode, int replicas) {
        return new RedisSettings(redis.url(), null, null, RedisSettings.DEFAULT_TIMEOUT, mode, replicas, tag);
    }

    /**
     * Without the 50 ms timeout: on a loaded test machine a reservation can take longer, and the call is then refused
     * while the reservation may have counted (a timeout errs on the closed side); atomicity is what is tested here.
     */
    private RedisSettings patientSettings() {
        return new RedisSettings(redis.url(), null, null, Duration.ofSeconds(5), FailureMode.CLOSED, 2, tag);
    }

    /** The decision the proxy stamped on a refused call, or null when the call went through. */
    private static JsonNode refusal(String body) throws Exception {
        JsonNode meta = JSON.readTree(body).path("result").path("_meta").path("dev.toolgate/decision");
        return meta.isMissingNode() ? null : meta;
    }

    private long executedRuns() {
        return upstream.bodies.stream().filter(body -> body.contains("\"run_workflow\"")).count();
    }

    @Test
    void twoProxiesOnOneRedisAdmitExactlyTheLimitUnderConcurrentCalls() throws Exception {
        redis = RedisServer.start();
        ProxyFixture first = proxy(25, patientSettings());
        ProxyFixture second = proxy(25, patientSettings());
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                ProxyFixture proxy = i % 2 == 0 ? first : second;
                calls.add(clients.submit(() -> refusal(proxy.post(RUN).body()) == null));
            }
            int admitted = 0;
            for (Future<Boolean> call : calls) {
                admitted += call.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(25);
            assertThat(executedRuns()).as("what the upstream ran").isEqualTo(25);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void countersSurviveAProxyRestart() throws Exception {
        redis = RedisServer.start();
        ProxyFixture before = proxy(2, settings(FailureMode.CLOSED, 1));
        assertThat(refusal(before.post(RUN).body())).isNull();
        assertThat(refusal(before.post(RUN).body())).isNull();
        before.close();
        proxies.remove(before);

        ProxyFixture after = proxy(2, settings(FailureMode.CLOSED, 1));
        JsonNode refused = refusal(after.post(RUN).body());
        assertThat(refused.path("decision").asText()).isEqualTo("rate_limited");
        assertThat(executedRuns()).isEqualTo(2);
    }

    @Test
    void redisKilledFailsClosedKeepsTheRestWorkingAndRecovers() throws Exception {
        redis = RedisServer.start();
        ProxyFixture proxy = proxy(25, settings(FailureMode.CLOSED, 1));
        assertThat(refusal(proxy.post(RUN).body())).isNull();
        assertThat(gauge(proxy)).isEqualTo(1.0);

        redis.kill();
        JsonNode refused = refusal(proxy.post(RUN).body());
        assertThat(refused.path("decision").asText()).isEqualTo("deny");
        assertThat(refused.path("rule").asText()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        assertThat(refusal(proxy.post(LIST).body())).as("a call needing no counter").isNull();
        assertThat(status(proxy, "/readyz")).isEqualTo(200);
        assertThat(status(proxy, "/healthz")).as("no event loop stalled").isEqualTo(200);
        assertThat(gauge(proxy)).isEqualTo(0.0);
        AuditRecord audited = await().atMost(Duration.ofSeconds(5)).until(() -> proxy.audit.records.stream()
                .filter(r -> PolicyEngine.STORE_UNAVAILABLE_RULE.equals(r.rule())).findFirst().orElse(null), r -> r != null);
        assertThat(audited.limitStore()).isEqualTo(AuditRecord.STORE_UNAVAILABLE);
        assertThat(audited.reason()).as("the cause, for the audit log only").contains(PolicyEngine.STORE_UNAVAILABLE_REASON);

        redis.launch();
        await().atMost(Duration.ofSeconds(15)).until(() -> refusal(proxy.post(RUN).body()) == null);
        assertThat(gauge(proxy)).isEqualTo(1.0);
    }

    @Test
    void localModeCountsThisPodsShareWhileRedisIsDown() throws Exception {
        redis = RedisServer.start();
        // 5 per window over 2 replicas: each pod may admit 2 (rounded down) on its own
        ProxyFixture proxy = proxy(5, settings(FailureMode.LOCAL, 2));
        redis.kill();

        assertThat(refusal(proxy.post(RUN).body())).isNull();
        assertThat(refusal(proxy.post(RUN).body())).isNull();
        JsonNode refused = refusal(proxy.post(RUN).body());
        assertThat(refused.path("decision").asText()).isEqualTo("rate_limited");
        assertThat(executedRuns()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.audit.records.size() >= 3);
        assertThat(proxy.audit.records).allSatisfy(r -> assertThat(r.limitStore()).isEqualTo(AuditRecord.STORE_LOCAL));
    }

    @Test
    void aFrozenRedisTimesOutIntoTheFailureModeAndIsUsedAgainWhenItWakes() throws Exception {
        redis = RedisServer.start();
        ProxyFixture proxy = proxy(25, settings(FailureMode.CLOSED, 1));
        assertThat(refusal(proxy.post(RUN).body())).isNull();
        redis.pause();
        try {
            JsonNode refused = refusal(proxy.post(RUN).body());
            assertThat(refused.path("rule").asText()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
            assertThat(refusal(proxy.post(LIST).body())).isNull();
        } finally {
            redis.resume();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> refusal(proxy.post(RUN).body()) == null);
    }

    @Test
    void aClientThatLeavesWhileRedisDecidesIsNotCounted() throws Exception {
        redis = RedisServer.start();
        ProxyFixture proxy = proxy(1, new RedisSettings(redis.url(), null, null, Duration.ofSeconds(30), FailureMode.CLOSED, 1, tag));
        redis.pause();
        try {
            try (Socket client = RawHttp.open(proxy.server.port())) {
                RawHttp.write(client, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\nContent-Length: " + RUN.length() + "\r\n\r\n" + RUN);
                // the reservation reached the (frozen) server: the proxy waits for its answer
                await().atMost(Duration.ofSeconds(10)).until(() -> redis.unreadBytes() > 0);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.registry.get("toolgate.connections.open").gauge().value() == 0);
        } finally {
            redis.resume();
        }
        // Redis reserved the call after its client had left: never sent upstream, so the reservation is given back
        await().atMost(Duration.ofSeconds(10)).until(() -> !proxy.audit.records.isEmpty());
        assertThat(proxy.audit.records.get(0).upstreamStatus()).isNull();
        assertThat(refusal(proxy.post(RUN).body())).as("the limit of 1 is still free").isNull();
        assertThat(executedRuns()).isEqualTo(1);
    }

    @Test
    void tlsAndPassword() throws Exception {
        redis = RedisServer.start("s3cret-pass", true);
        ProxyFixture proxy = proxy(1, new RedisSettings(redis.url(), "s3cret-pass", redis.caFile(),
                RedisSettings.DEFAULT_TIMEOUT, FailureMode.CLOSED, 1, tag));
        assertThat(refusal(proxy.post(RUN).body())).as("counted in Redis over TLS").isNull();
        assertThat(refusal(proxy.post(RUN).body()).path("decision").asText()).isEqualTo("rate_limited");
        assertThat(redis.command("KEYS", "toolgate:{" + tag + "}:*")).startsWith("*1\r\n");

        ProxyFixture wrongPassword = proxy(1, new RedisSettings(redis.url(), "wrong", redis.caFile(),
                RedisSettings.DEFAULT_TIMEOUT, FailureMode.CLOSED, 1, tag + "-other"));
        assertThat(refusal(wrongPassword.post(RUN).body()).path("rule").asText()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        ProxyFixture untrusted = proxy(1, new RedisSettings(redis.url(), "s3cret-pass", null,
                RedisSettings.DEFAULT_TIMEOUT, FailureMode.CLOSED, 1, tag + "-untrusted"));
        assertThat(refusal(untrusted.post(RUN).body()).path("rule").asText())
                .as("a server certificate from an unknown CA is not trusted").isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        assertThat(executedRuns()).isEqualTo(1);
    }

    private static int status(ProxyFixture proxy, String path) throws Exception {
        return ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + path)).build())
                .statusCode();
    }

    private static double gauge(ProxyFixture proxy) {
        return proxy.registry.get("toolgate.counters.store.available").gauge().value();
    }
}
