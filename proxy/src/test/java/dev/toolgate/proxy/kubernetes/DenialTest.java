package dev.toolgate.proxy.kubernetes;

import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.audit.AuditRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DenialTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:00Z"));

    @Test
    void anAllowedCallIsNoDenial() {
        assertThat(Denial.of(record(Outcome.ALLOW, "tp/r", "ok"), clock)).isEmpty();
    }

    @Test
    void missingFieldsBecomeDashesAndAMissingTimeTheClocks() {
        AuditRecord bare = new AuditRecord(null, null, null, null, "run", Outcome.DENY, null, null, null, null, 0);

        Denial denial = Denial.of(bare, clock).orElseThrow();

        assertThat(denial.time()).isEqualTo(clock.instant());
        assertThat(denial.key()).isEqualTo(new SeriesKey(DenialReason.TOOL_CALL_DENIED, "run", "-", "-"));
        assertThat(denial.note()).isEqualTo("Tool call \"run\" by identity \"-\" (grant \"-\") denied by rule \"-\"");
    }

    @Test
    void theNoteNamesEverythingAndFitsTheApiServersLimit() {
        Denial approval = Denial.of(record(Outcome.REQUIRE_APPROVAL, "tp/approve", "ask a person"), clock).orElseThrow();
        assertThat(approval.note()).isEqualTo(
                "Tool call \"update\" by identity \"alice\" (grant \"team-a\") held for approval by rule \"tp/approve\": ask a person");

        Denial huge = Denial.of(record(Outcome.DENY, "tp/r", "é".repeat(2000)), clock).orElseThrow();
        assertThat(huge.note().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Denial.MAX_NOTE_BYTES);
        assertThat(huge.note()).endsWith("...").startsWith("Tool call \"update\"");
    }

    private AuditRecord record(Outcome outcome, String rule, String reason) {
        return new AuditRecord(clock.instant(), "alice", "team-a", "s", "update", outcome, rule, reason, "ab", null, 1);
    }
}
