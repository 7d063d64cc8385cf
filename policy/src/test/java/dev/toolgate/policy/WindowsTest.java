package dev.toolgate.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Counter windows end exactly at their UTC boundary, moved by a fake clock. */
class WindowsTest {

    private static PolicyEngine oneCallPer(String window, FakeClock clock) {
        CompiledPolicy policy = Policies.parse("{\"version\": \"1\", \"tools\": {\"t\": {\"limits\": [{\"counter\": \"c\", \"window\": "
                + window + ", \"max\": 1}]}}}");
        return new PolicyEngine(policy, clock);
    }

    @ParameterizedTest(name = "window {0}: used at {1}, refused until {2}")
    @CsvSource(delimiter = '|', textBlock = """
            "second" | 2026-11-25T10:15:30.000Z | 2026-11-25T10:15:31Z | 1
            "minute" | 2026-11-25T10:15:00.000Z | 2026-11-25T10:16:00Z | 60
            "hour"   | 2026-11-25T10:00:00.000Z | 2026-11-25T11:00:00Z | 3600
            "day"    | 2026-11-25T00:00:00.000Z | 2026-11-26T00:00:00Z | 86400
            90       | 2026-11-25T10:15:00.000Z | 2026-11-25T10:16:30Z | 90
            "3600"   | 2026-11-25T10:00:00.000Z | 2026-11-25T11:00:00Z | 3600
            """)
    void counterRestartsExactlyAtTheWindowBoundary(String window, String windowStart, String nextWindow, long length) {
        FakeClock clock = FakeClock.at(windowStart);
        PolicyEngine engine = oneCallPer(window, clock);
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        Decision refused = engine.decide(call("t"));
        assertThat(refused.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(refused.retryAfterSeconds()).isEqualTo(length);

        // one millisecond before the boundary: same window, still refused, retry in 1 s (rounded up)
        clock.set(nextWindow);
        clock.advance(Duration.ofMillis(-1));
        Decision lastMoment = engine.decide(call("t"));
        assertThat(lastMoment.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(lastMoment.retryAfterSeconds()).isEqualTo(1L);

        // at the boundary: a new window
        clock.advance(Duration.ofMillis(1));
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void numericWindowsAreAlignedToTheEpochNotToTheFirstCall() {
        // 90-second windows start at multiples of 90 s since 1970-01-01T00:00:00Z; 10:15:00 is one such start
        FakeClock clock = FakeClock.at("2026-11-25T10:16:20Z");
        PolicyEngine engine = oneCallPer("90", clock);
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        Decision refused = engine.decide(call("t"));
        assertThat(refused.retryAfterSeconds()).isEqualTo(10L);
        clock.set("2026-11-25T10:16:30Z");
        assertThat(engine.decide(call("t")).allowed()).isTrue();
    }

    @Test
    void dayWindowIsTheUtcCalendarDay() {
        FakeClock clock = FakeClock.at("2026-11-25T23:59:59Z");
        PolicyEngine engine = oneCallPer("\"day\"", clock);
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).retryAfterSeconds()).isEqualTo(1L);
        clock.set("2026-11-26T00:00:00Z");
        assertThat(engine.decide(call("t")).allowed()).isTrue();
    }
}
