package dev.toolgate.policy;

import org.junit.jupiter.api.Test;

import java.time.Clock;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Each counter scope keys its own counter from the caller. */
class ScopesTest {

    private static PolicyEngine onePer(String scope) {
        return new PolicyEngine(Policies.parse("{\"version\": \"1\", \"tools\": {\"t\": {\"limits\": [{\"counter\": \"c\", "
                + "\"window\": \"hour\", \"max\": 1" + (scope == null ? "" : ", \"scope\": \"" + scope + "\"") + "}]}}}"),
                Clock.systemUTC());
    }

    private static boolean allowed(PolicyEngine engine, String identity, String grant, String session) {
        return engine.decide(call("t", "{}", new Caller(identity, grant, session))).allowed();
    }

    @Test
    void globalCountsEveryCallerTogether() {
        for (PolicyEngine engine : new PolicyEngine[]{onePer("global"), onePer(null)}) {
            assertThat(allowed(engine, "alice", "a", "s1")).isTrue();
            assertThat(allowed(engine, "bob", "b", "s2")).isFalse();
        }
    }

    @Test
    void grantCountsPerGrant() {
        PolicyEngine engine = onePer("grant");
        assertThat(allowed(engine, "alice", "team-a", "s1")).isTrue();
        assertThat(allowed(engine, "bob", "team-a", "s2")).isFalse();
        assertThat(allowed(engine, "alice", "team-b", "s1")).isTrue();
    }

    @Test
    void identityCountsPerIdentity() {
        PolicyEngine engine = onePer("identity");
        assertThat(allowed(engine, "alice", "team-a", "s1")).isTrue();
        assertThat(allowed(engine, "alice", "team-b", "s2")).isFalse();
        assertThat(allowed(engine, "bob", "team-a", "s1")).isTrue();
    }

    @Test
    void sessionCountsPerSession() {
        PolicyEngine engine = onePer("session");
        assertThat(allowed(engine, "alice", "team-a", "s1")).isTrue();
        assertThat(allowed(engine, "bob", "team-b", "s1")).isFalse();
        assertThat(allowed(engine, "alice", "team-a", "s2")).isTrue();
        // stateless calls (no session) share the session "none"
        assertThat(allowed(engine, "alice", "team-a", null)).isTrue();
        assertThat(allowed(engine, "carol", "team-c", "")).isFalse();
    }

    @Test
    void stateConditionReadsTheCounterOfTheCallersOwnScope() {
        PolicyEngine engine = new PolicyEngine(Policies.parse("""
                version: "1"
                tools:
                  "*":
                    rules:
                      - name: count per grant
                        state: {counter: calls, window: hour, scope: grant}
                  expensive:
                    rules:
                      - name: only for quiet grants
                        conditions: [{path: state._global.calls, op: lt, value: 2}]
                """), Clock.systemUTC());
        Caller a = new Caller("alice", "team-a", null);
        Caller b = new Caller("bob", "team-b", null);
        assertThat(engine.decide(call("cheap", "{}", a)).allowed()).isTrue();
        assertThat(engine.decide(call("cheap", "{}", a)).allowed()).isTrue();
        Decision refused = engine.decide(call("expensive", "{}", a));
        assertThat(refused.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(refused.rule()).isEqualTo("only for quiet grants");
        assertThat(refused.retryAfterSeconds()).isPositive();
        assertThat(engine.decide(call("expensive", "{}", b)).allowed()).isTrue();
    }
}
