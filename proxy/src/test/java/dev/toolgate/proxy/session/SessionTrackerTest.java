package dev.toolgate.proxy.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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

    @Test
    void aNotificationSentWhileNoStreamIsOpenGoesOnTheNextOneBounded() {
        sessions.accepted("s", "alice");
        assertThat(sessions.send("s", "{\"n\":1}")).as("no stream yet").isFalse();
        for (int i = 2; i <= SessionTracker.MAX_UNDELIVERED + 1; i++) {
            sessions.send("s", "{\"n\":" + i + "}");
        }
        List<String> first = new ArrayList<>();
        Consumer<String> sink = first::add;

        sessions.streamOpened("s", sink);

        assertThat(first).as("the oldest dropped past the bound").hasSize(SessionTracker.MAX_UNDELIVERED)
                .startsWith("{\"n\":2}").endsWith("{\"n\":" + (SessionTracker.MAX_UNDELIVERED + 1) + "}");
        assertThat(sessions.send("s", "{\"n\":99}")).isTrue();
        assertThat(first).endsWith("{\"n\":99}");

        sessions.streamClosed("s", sink);
        sessions.send("s", "{\"n\":100}");
        List<String> second = new ArrayList<>();
        sessions.streamOpened("s", second::add);
        assertThat(second).as("a reconnected stream gets what came in between, once").containsExactly("{\"n\":100}");
        assertThat(sessions.send("unknown", "{}")).isFalse();
    }
}
