package dev.toolgate.proxy.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSinksTest {
    private static AuditRecord record(String tool, Outcome outcome, Integer status) {
        return new AuditRecord(Instant.parse("2026-01-05T10:00:05Z"), "alice", "team-a", "s-1", tool, outcome,
                "rule/one", "why \"quoted\"", "ab".repeat(32), status, 812);
    }

    @Test
    void jsonLinesSinkWritesOneCompleteObjectPerLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesAuditSink sink = JsonLinesAuditSink.to(out, new SimpleMeterRegistry());
        sink.record(record("run_workflow", Outcome.ALLOW, 200));
        sink.record(record("delete_workflow", Outcome.DENY, null));
        sink.close();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("{\"time\":\"2026-01-05T10:00:05Z\",\"identity\":\"alice\",\"grant\":\"team-a\","
                + "\"session\":\"s-1\",\"tool\":\"run_workflow\",\"decision\":\"ALLOW\",\"rule\":\"rule/one\","
                + "\"reason\":\"why \\\"quoted\\\"\",\"argumentsSha256\":\"" + "ab".repeat(32) + "\",\"upstreamStatus\":200,"
                + "\"latencyMicros\":812,\"grants\":[\"team-a\"]}");
        assertThat(new ObjectMapper().readTree(lines[1]).get("upstreamStatus").isNull()).isTrue();
    }

    @Test
    void aCallDecidedWithoutTheSharedCounterStoreSaysSoInItsLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesAuditSink sink = JsonLinesAuditSink.to(out, new SimpleMeterRegistry());
        AuditRecord plain = record("run_workflow", Outcome.ALLOW, 200);
        sink.record(new AuditRecord(plain.time(), plain.identity(), plain.grant(), plain.session(), plain.tool(),
                plain.decision(), plain.rule(), plain.origin(), plain.reason(), plain.argumentsSha256(),
                plain.upstreamStatus(), plain.latencyMicros(), AuditRecord.STORE_LOCAL, null, null));
        sink.record(plain);
        sink.close();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(new ObjectMapper().readTree(lines[0]).get("limitStore").asText()).isEqualTo("local");
        assertThat(new ObjectMapper().readTree(lines[1]).has("limitStore")).as("absent while the store answers").isFalse();
    }

    @Test
    void approvalTransitionsAreLinesOfTheirOwnBetweenTheCallLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesAuditSink sink = JsonLinesAuditSink.to(out, new SimpleMeterRegistry());
        sink.record(record("run_workflow", Outcome.REQUIRE_APPROVAL, null));
        sink.approval(new ApprovalAuditRecord(java.time.Instant.parse("2026-01-05T10:00:06Z"), "approved", "a1b2",
                "alice", "run_workflow", "cd".repeat(32), "prod needs approval", "bob", "x".repeat(2000)));
        sink.close();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        var approval = new ObjectMapper().readTree(lines[1]);
        assertThat(approval.get("approval").asText()).isEqualTo("approved");
        assertThat(approval.get("id").asText()).isEqualTo("a1b2");
        assertThat(approval.get("identity").asText()).isEqualTo("alice");
        assertThat(approval.get("by").asText()).isEqualTo("bob");
        assertThat(approval.get("rule").asText()).isEqualTo("prod needs approval");
        assertThat(approval.get("reason").asText()).hasSize(JsonLinesAuditSink.MAX_FIELD_CHARS + 1);
    }

    @Test
    void jsonLinesSinkDropsAndCountsWhatDoesNotFitWhileTheWriterIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                written.write(b, off, len);
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JsonLinesAuditSink sink = JsonLinesAuditSink.to(stuck, registry, 2);
        for (int i = 0; i < 10; i++) {
            sink.record(record("tool_" + i, Outcome.ALLOW, 200));
        }
        // the queue holds 2; the writer may have taken what was queued (at most 2) before it got stuck writing
        double dropped = registry.get("toolgate.audit.dropped").counter().count();
        assertThat(dropped).isBetween(6.0, 8.0);

        release.countDown();
        sink.close();
        assertThat(written.toString(StandardCharsets.UTF_8).split("\n")).hasSize(10 - (int) dropped);
    }

    @Test
    void argumentsDigestIgnoresKeyOrderButNotValues() {
        ObjectMapper json = new ObjectMapper();
        String a = ArgumentsDigest.sha256(json.createObjectNode().put("b", 1).put("a", "x"));
        String b = ArgumentsDigest.sha256(json.createObjectNode().put("a", "x").put("b", 1));
        String c = ArgumentsDigest.sha256(json.createObjectNode().put("a", "y").put("b", 1));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(64);
        // SHA-256 of the canonical text {}
        assertThat(ArgumentsDigest.sha256(json.createObjectNode()))
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void metricsSinkCountsByToolAndDecisionWithBoundedToolNames() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsAuditSink sink = new MetricsAuditSink(registry);
        sink.record(record("run_workflow", Outcome.ALLOW, 200));
        sink.record(record("run_workflow", Outcome.ALLOW, 200));
        for (int i = 0; i < MetricsAuditSink.MAX_TOOLS + 10; i++) {
            sink.record(record("random_" + i, Outcome.DENY, null));
        }

        assertThat(registry.get("toolgate.tool.calls").tags("tool", "run_workflow", "decision", "allow").counter().count()).isEqualTo(2);
        assertThat(registry.get("toolgate.tool.calls").tags("tool", "_other", "decision", "deny").counter().count()).isEqualTo(11);
        assertThat(registry.get("toolgate.tool.call").tags("decision", "deny").timer().count()).isEqualTo(MetricsAuditSink.MAX_TOOLS + 10);
    }

    @Test
    void whatEverRecordsALongNameTheMetricLabelAndTheAuditLineStayBounded() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsAuditSink metrics = new MetricsAuditSink(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesAuditSink lines = JsonLinesAuditSink.to(out, registry);
        String huge = "x".repeat(1 << 20);
        AuditRecord record = new AuditRecord(Instant.parse("2026-01-05T10:00:05Z"), "alice", "team-a", "s-1", huge,
                Outcome.DENY, "rule/one", "refuses " + huge, "ab".repeat(32), null, 812);
        metrics.record(record);
        lines.record(record);
        lines.close();

        assertThat(registry.get("toolgate.tool.calls").counters()).extracting(c -> c.getId().getTag("tool"))
                .containsExactly("_other");
        var line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(line.get("tool").asText()).hasSize(JsonLinesAuditSink.MAX_FIELD_CHARS + 1).endsWith("…");
        assertThat(line.get("reason").asText()).hasSize(JsonLinesAuditSink.MAX_FIELD_CHARS + 1);
    }
}
