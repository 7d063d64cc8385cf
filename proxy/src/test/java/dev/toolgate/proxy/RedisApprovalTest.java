package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.counters.FailureMode;
import dev.toolgate.proxy.counters.RedisServer;
import dev.toolgate.proxy.counters.RedisSettings;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvals with the counters in a real Redis (#17 with #19): the approved retry is decided again against Redis without
 * waiting on the event loop (one loop, which the Redis connection shares: a blocking wait there could only time out),
 * its counter lands in Redis, an approval is no way around the limit, and a Redis that is gone fails closed.
 */
class RedisApprovalTest {
    private static final String KEYS = "keys:\n  - {token: alice-token, identity: alice}\n";
    private static final String ADMINS = "keys:\n  - {token: bob-admin-token, identity: bob}\n";
    /** Every run needs a person, and one run fits the (ten-year) window. */
    private static final String POLICY = """
            version: "1"
            default: allow
            tools:
              run_workflow:
                limits: [{counter: runs, window: 315360000, max: 1}]
                rules:
                  - name: "runs need approval"
                    action: require_approval
                    reason: "runs need a person's approval"
            """;

    @TempDir
    Path dir;
    private RedisServer redis;
    private StubUpstream upstream;
    private ProxyFixture proxy;
    private final String tag = "approvals-" + UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        upstream = new StubUpstream((request, body) -> StubUpstream.result(request, body,
                "{\"content\":[]}"));
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        // a timeout long enough for a loaded machine, and far too long for the old blocking wait to pass unnoticed
        RedisSettings settings = new RedisSettings(redis.url(), null, null, Duration.ofSeconds(2), FailureMode.CLOSED,
                1, tag);
        proxy = new ProxyFixture(dir, upstream.uri(), POLICY, options -> options.apiKeys(agents).redis(settings),
                ApprovalOptions.decidedBy(admins));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
        redis.close();
    }


    private static String run(String workflow) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\","
                + "\"arguments\":{\"name\":\"" + workflow + "\"}}}";
    }

    /** The proxy's decision stamped on the answer, or a missing node when the call ran. */
    private JsonNode call(String workflow) throws Exception {
        HttpResponse<String> response = proxy.post(run(workflow), "Authorization", "Bearer alice-token");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonRpcParser.MAPPER.readTree(response.body()).path("result").path("_meta").path("dev.toolgate/decision");
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return ProxyFixture.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.server.adminPort() + path))
                .header("Authorization", "Bearer bob-admin-token").timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private String pendingApproval(String workflow) throws Exception {
        JsonNode pending = call(workflow);
        assertThat(pending.path("decision").asText()).isEqualTo("approval_pending");
        return pending.path("id").asText();
    }

    private void approve(String id) throws Exception {
        assertThat(admin("POST", "/approvals/" + id + "/approve").statusCode()).isEqualTo(200);
    }

    private String state(String id) throws Exception {
        return JsonRpcParser.MAPPER.readTree(admin("GET", "/approvals/" + id).body()).path("state").asText();
    }

    private long executedRuns() {
        return upstream.bodies.stream().filter(body -> body.contains("\"run_workflow\"")).count();
    }

    @Test
    void anApprovedRetryReservesItsCounterInRedisAndASecondApprovedCallOverTheLimitIsRateLimited() throws Exception {
        String nightly = pendingApproval("nightly");
        String weekly = pendingApproval("weekly");
        approve(nightly);
        approve(weekly);

        assertThat(call("nightly").isMissingNode()).as("the approved retry ran").isTrue();
        assertThat(executedRuns()).isEqualTo(1);
        assertThat(state(nightly)).isEqualTo("consumed");
        assertThat(redis.command("KEYS", "toolgate:{" + tag + "}:*")).as("its counter is in Redis").startsWith("*1\r\n");

        JsonNode limited = call("weekly");
        assertThat(limited.path("decision").asText()).as("an approval is no way around a limit").isEqualTo("rate_limited");
        assertThat(executedRuns()).isEqualTo(1);
        assertThat(state(weekly)).as("a retry refused by a limit does not use the approval").isEqualTo("approved");
    }

    @Test
    void redisGoneFailsClosedAndTheApprovalStaysForALaterRetry() throws Exception {
        String nightly = pendingApproval("nightly");
        approve(nightly);
        redis.kill();

        JsonNode refused = call("nightly");
        assertThat(refused.path("decision").asText()).isEqualTo("deny");
        assertThat(refused.path("rule").asText()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        assertThat(executedRuns()).as("never run without its counter").isZero();
        assertThat(state(nightly)).isEqualTo("approved");
    }
}
