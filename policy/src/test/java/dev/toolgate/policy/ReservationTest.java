package dev.toolgate.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Counters are reserved at decision time, committed on success and rolled back on failure. */
class ReservationTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

    private PolicyEngine engine(String yaml) {
        return new PolicyEngine(Policies.parse(yaml), clock);
    }

    private static final String TWO_PER_MINUTE = """
            version: "1"
            tools:
              t:
                rules:
                  - {name: two, rate_limit: 2/minute}
            """;

    @Test
    void rollbackGivesTheReservedCallBack() {
        PolicyEngine engine = engine(TWO_PER_MINUTE);
        Decision first = engine.decide(call("t"));
        Decision second = engine.decide(call("t"));
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        second.reservation().rollback();
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        first.reservation().commit();
    }

    @Test
    void commitKeepsTheCallCountedAndLaterRollbackDoesNothing() {
        PolicyEngine engine = engine(TWO_PER_MINUTE);
        Decision first = engine.decide(call("t"));
        first.reservation().commit();
        first.reservation().rollback();
        engine.decide(call("t")).reservation().commit();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void rollingBackTwiceGivesBackOnce() {
        PolicyEngine engine = engine(TWO_PER_MINUTE);
        Decision first = engine.decide(call("t"));
        engine.decide(call("t"));
        first.reservation().rollback();
        first.reservation().rollback();
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void rollbackAfterTheWindowEndedDoesNotEatIntoTheNewWindow() {
        PolicyEngine engine = engine(TWO_PER_MINUTE);
        Decision old = engine.decide(call("t"));
        clock.advance(Duration.ofMinutes(1));
        engine.decide(call("t"));
        engine.decide(call("t"));
        old.reservation().rollback();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void refusedAndDeniedCallsReserveNothing() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  t:
                    rules:
                      - name: small
                        conditions: [{path: args.n, op: lte, value: 10}]
                      - {name: two, rate_limit: 2/minute}
                """);
        assertThat(engine.decide(call("t", "{\"n\": 11}")).reservation()).isSameAs(Reservation.NONE);
        assertThat(engine.decide(call("t", "{\"n\": 1}")).allowed()).isTrue();
        assertThat(engine.decide(call("t", "{\"n\": 1}")).allowed()).isTrue();
        Decision limited = engine.decide(call("t", "{\"n\": 1}"));
        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.reservation()).isSameAs(Reservation.NONE);
    }

    @Test
    void aRefusedSecondCounterRollsBackTheFirst() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  t:
                    rules:
                      - {name: three, rate_limit: {max: 3, window: minute}}
                  "*":
                    rules:
                      - {name: one-per-person, rate_limit: {max: 1, window: minute, scope: identity}}
                """);
        Caller alice = new Caller("alice", (String) null, null);
        assertThat(engine.decide(call("t", "{}", alice)).allowed()).isTrue();
        // t's counter is reserved first, then the per-person counter refuses: t's reservation must be undone
        for (int i = 0; i < 5; i++) {
            assertThat(engine.decide(call("t", "{}", alice)).rule()).isEqualTo("one-per-person");
        }
        assertThat(engine.decide(call("t", "{}", new Caller("bob", (String) null, null))).allowed()).isTrue();
        assertThat(engine.decide(call("t", "{}", new Caller("carol", (String) null, null))).allowed()).isTrue();
        assertThat(engine.decide(call("t", "{}", new Caller("dave", (String) null, null))).rule()).isEqualTo("three");
    }

    @Test
    void incrementFromAddsTheArgumentAndRefusesWhatWouldPassTheLimit() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  charge:
                    rules:
                      - name: daily spend
                        conditions: [{path: state.charge.spend, op: lte, value: 1000}]
                        state: {counter: spend, window: day, increment_from: args.amount}
                """);
        assertThat(engine.decide(call("charge", "{\"amount\": 600}")).allowed()).isTrue();
        Decision tooMuch = engine.decide(call("charge", "{\"amount\": 401}"));
        assertThat(tooMuch.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(tooMuch.rule()).isEqualTo("daily spend");
        assertThat(engine.decide(call("charge", "{\"amount\": 400}")).allowed()).isTrue();
        assertThat(engine.decide(call("charge", "{\"amount\": 0}")).allowed()).isTrue();
        assertThat(engine.decide(call("charge", "{\"amount\": 1}")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void incrementFromThatIsMissingOrNotAWholeNumberIsDenied() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  charge:
                    rules:
                      - name: daily spend
                        conditions: [{path: state.charge.spend, op: lt, value: 1000}]
                        state: {counter: spend, window: day, increment_from: args.amount}
                """);
        for (String args : new String[]{"{}", "{\"amount\": \"5\"}", "{\"amount\": -5}", "{\"amount\": 2.5}"}) {
            Decision d = engine.decide(call("charge", args));
            assertThat(d.outcome()).as(args).isEqualTo(Outcome.DENY);
            assertThat(d.rule()).isEqualTo("daily spend");
            assertThat(d.reason()).contains("args.amount", "non-negative whole number");
        }
        assertThat(engine.decide(call("charge", "{\"amount\": 999}")).allowed()).isTrue();
        assertThat(engine.decide(call("charge", "{\"amount\": 1}")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void explainTouchesNoCounter() {
        PolicyEngine engine = engine(TWO_PER_MINUTE);
        for (int i = 0; i < 5; i++) {
            Decision dry = engine.explain(call("t"));
            assertThat(dry.allowed()).isTrue();
            assertThat(dry.reservation()).isSameAs(Reservation.NONE);
        }
        engine.decide(call("t"));
        engine.decide(call("t"));
        assertThat(engine.explain(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void fixedIncrementCountsThatMuchPerCall() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  t:
                    rules:
                      - name: weighted
                        conditions: [{path: state.t.w, op: lte, value: 10}]
                        state: {counter: w, window: minute, increment: 4}
                """);
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }
}
