package dev.toolgate.proxy.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Time and count bounds of the session table, on a clock the test moves. */
class SessionTrackerTest {
    private final AtomicLong now = new AtomicLong();
    private final SessionTracker sessions = new SessionTracker(Duration.ofMinutes(30), 3, new SimpleMeterRegistry(), now::get);

    @Test
    void anIdleSessionIsForgottenAfterTheTimeoutUnlessAStreamIsOpen() {
        sessions.accepted("idle", "alice");
        sessions.accepted("streaming", "alice");
        sessions.streamOpened("streaming");

        now.addAndGet(Duration.ofMinutes(30).toNanos());
        sessions.sweep();
        assertThat(sessions.open()).isEqualTo(2);

        now.addAndGet(1);
        sessions.sweep();
        assertThat(sessions.access("idle", "alice")).isEqualTo(SessionTracker.Access.UNKNOWN);
        assertThat(sessions.access("streaming", "alice")).isEqualTo(SessionTracker.Access.OWN);
    }

    @Test
    void atTheCapNothingMoreIsTrackedAndMalformedIdsNever() {
        sessions.accepted("x".repeat(SessionIds.MAX_LENGTH + 1), "alice");
        sessions.accepted("with space", "alice");
        for (int i = 0; i < 5; i++) {
            sessions.accepted("s-" + i, "alice");
        }

        assertThat(sessions.open()).isEqualTo(3);
        assertThat(sessions.full()).isTrue();
        assertThat(sessions.access("s-3", "alice")).isEqualTo(SessionTracker.Access.UNKNOWN);
    }

    @Test
    void aSessionBelongsToItsFirstIdentity() {
        sessions.accepted("s", "alice");
        sessions.accepted("s", "bob");

        assertThat(sessions.access("s", "alice")).isEqualTo(SessionTracker.Access.OWN);
        assertThat(sessions.access("s", "bob")).isEqualTo(SessionTracker.Access.FOREIGN);
    }
}
