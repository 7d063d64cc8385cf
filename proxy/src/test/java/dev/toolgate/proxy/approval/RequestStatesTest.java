package dev.toolgate.proxy.approval;

import dev.toolgate.policy.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds of the proxy's requestStates: key size, state length, another key, and the used-nonce memory. */
class RequestStatesTest {
    private final FakeClock clock = FakeClock.at("2026-12-02T08:00:00Z");
    private final ApprovalRequest call = new ApprovalRequest("standalone", "run_workflow", "alice", List.of(), "d1");
    private final ApprovalRecord record = new ApprovalRecord("a1", call, "{}", "r", "why", 1, clock.instant(),
            clock.instant().plus(Duration.ofMinutes(10)), ApprovalState.PENDING, null, null, null);

    @Test
    void aKeyIsThirtyTwoToFourThousandNinetySixBytes(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new RequestStates(new byte[31], clock, 10)).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> RequestStates.readKey(Files.write(dir.resolve("short"), new byte[16])))
                .hasMessageContaining("must hold 32 to 4096 bytes");
        assertThatThrownBy(() -> RequestStates.readKey(Files.write(dir.resolve("long"), new byte[4097])))
                .hasMessageContaining("must hold 32 to 4096 bytes");
        assertThat(RequestStates.readKey(Files.write(dir.resolve("ok"), new byte[32]))).hasSize(32);
    }

    @Test
    void aStateSealedWithAnotherKeyOrTooLongIsRefusedAsAltered() {
        RequestStates ours = new RequestStates(RequestStates.randomKey(), clock, 10);
        RequestStates theirs = new RequestStates(RequestStates.randomKey(), clock, 10);
        String sealed = theirs.seal(record, record.expiresAt());
        assertThatThrownBy(() -> ours.open(sealed, call)).hasMessageContaining("not issued by this proxy or was altered");
        assertThatThrownBy(() -> ours.open("tg1." + "A".repeat(RequestStates.MAX_LENGTH), call))
                .hasMessageContaining("not issued by this proxy or was altered");
    }

    @Test
    void usedNoncesAreBoundedAndRefuseNewOnesWhenFullOfLiveOnes() throws Exception {
        RequestStates states = new RequestStates(RequestStates.randomKey(), clock, 2);
        Instant soon = clock.instant().plus(Duration.ofMinutes(1));
        states.open(states.seal(record, soon), call);
        states.open(states.seal(record, soon), call);
        assertThatThrownBy(() -> states.open(states.seal(record, record.expiresAt()), call))
                .hasMessageContaining("too many approval retries are in flight");
        // once the remembered ones have expired they make room
        clock.advance(Duration.ofMinutes(1));
        assertThat(states.open(states.seal(record, record.expiresAt()), call).approvalId()).isEqualTo("a1");
    }
}
