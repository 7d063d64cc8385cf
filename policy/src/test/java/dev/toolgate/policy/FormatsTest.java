package dev.toolgate.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The policies of each format kept in src/test/resources/policies, and the decisions they give. */
class FormatsTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

    @Test
    void seedExampleVerbatimAllowsTenRunsPerMinutePerGrantAndDeniesEverythingElse() {
        CompiledPolicy policy = Policies.load("seed-run_workflow.json");
        assertThat(policy.toolCount()).isEqualTo(1);
        PolicyEngine engine = new PolicyEngine(policy, clock);
        Caller teamA = new Caller("alice", "team-a", "s1");
        Caller teamB = new Caller("bob", "team-b", "s2");

        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(call("run_workflow", "{}", teamA)).outcome()).isEqualTo(Outcome.ALLOW);
        }
        Decision eleventh = engine.decide(call("run_workflow", "{}", teamA));
        assertThat(eleventh.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(eleventh.rule()).isEqualTo("run_workflow_rate");
        assertThat(eleventh.retryAfterSeconds()).isEqualTo(60L);
        assertThat(eleventh.reason()).contains("10 per minute", "per grant");

        // another grant has its own counter
        assertThat(engine.decide(call("run_workflow", "{}", teamB)).outcome()).isEqualTo(Outcome.ALLOW);
        // a new UTC minute starts a new window
        clock.advance(Duration.ofSeconds(60));
        assertThat(engine.decide(call("run_workflow", "{}", teamA)).outcome()).isEqualTo(Outcome.ALLOW);

        Decision unlisted = engine.decide(call("delete_workflow"));
        assertThat(unlisted.outcome()).isEqualTo(Outcome.DENY);
        assertThat(unlisted.rule()).isEqualTo("default");
        assertThat(unlisted.reason()).isEqualTo("tool \"delete_workflow\" is not allowed by this policy (default: deny)");
    }

    @Test
    void policyLayerFormatGivesTheDecisionsItsFieldsDescribe() {
        PolicyEngine engine = new PolicyEngine(Policies.load("conductor-policylayer.json"), clock);

        Decision delete = engine.decide(call("delete_workflow"));
        assertThat(delete.outcome()).isEqualTo(Outcome.DENY);
        assertThat(delete.rule()).isEqualTo("delete_workflow");
        assertThat(delete.reason()).isEqualTo("Deleting workflows is not permitted for agents");
        assertThat(engine.mayList("delete_workflow")).isFalse();

        Decision update = engine.decide(call("update_workflow_definition"));
        assertThat(update.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(update.reason()).isEqualTo("A person must approve changes to workflow definitions");
        assertThat(engine.mayList("update_workflow_definition")).isTrue();

        assertThat(engine.decide(call("list_workflows")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(engine.decide(call("get_workflow_status")).outcome()).isEqualTo(Outcome.ALLOW);
        // listed by the glob get_*
        assertThat(engine.decide(call("get_task_log")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(engine.mayList("get_task_log")).isTrue();
        assertThat(engine.decide(call("pause_workflow")).rule()).isEqualTo("default");
        assertThat(engine.mayList("pause_workflow")).isFalse();

        // max: 10, window: 60 (seconds), scope: session
        Caller s1 = new Caller("alice", "team-a", "session-1");
        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(call("cancel_workflow", "{}", s1)).outcome()).isEqualTo(Outcome.ALLOW);
        }
        assertThat(engine.decide(call("cancel_workflow", "{}", s1)).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(engine.decide(call("cancel_workflow", "{}", new Caller("alice", "team-a", "session-2"))).outcome())
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void policyLayerDailyLimitIsPerIdentityWithItsOwnReason() {
        PolicyEngine engine = new PolicyEngine(Policies.load("conductor-policylayer.json"), clock);
        Caller alice = new Caller("alice", "team-a", "s");
        for (int minute = 0; minute < 20; minute++) {
            for (int i = 0; i < 10; i++) {
                assertThat(engine.decide(call("run_workflow", "{}", alice)).allowed()).isTrue();
            }
            clock.advance(Duration.ofMinutes(1));
        }
        Decision over = engine.decide(call("run_workflow", "{}", alice));
        assertThat(over.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(over.rule()).isEqualTo("run_workflow_daily");
        assertThat(over.reason()).isEqualTo("200 workflow runs per person per day; ask an admin for more");
        // the per-minute counter was rolled back when the daily one refused: bob (same grant) still has 10 this minute
        Caller bob = new Caller("bob", "team-a", "s");
        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(call("run_workflow", "{}", bob)).allowed()).isTrue();
        }
        assertThat(engine.decide(call("run_workflow", "{}", bob)).rule()).isEqualTo("run_workflow_rate");
    }

    @Test
    void interceptYamlGivesTheDecisionsItsRulesDescribe() {
        PolicyEngine engine = new PolicyEngine(Policies.load("conductor-intercept.yaml"), clock);

        Decision hidden = engine.decide(call("admin_reset"));
        assertThat(hidden.outcome()).isEqualTo(Outcome.DENY);
        assertThat(hidden.rule()).isEqualTo("hide");
        assertThat(engine.mayList("admin_reset")).isFalse();
        assertThat(engine.mayList("purge_queue")).isFalse();

        Decision badName = engine.decide(call("run_workflow", "{\"workflow\": \"Deploy!\", \"environment\": \"dev\"}"));
        assertThat(badName.outcome()).isEqualTo(Outcome.DENY);
        assertThat(badName.rule()).isEqualTo("known workflows only");
        assertThat(badName.reason()).startsWith("Use a lowercase workflow name");

        Decision prod = engine.decide(call("run_workflow", "{\"workflow\": \"deploy\", \"environment\": \"prod\"}"));
        assertThat(prod.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(prod.rule()).isEqualTo("prod needs approval");

        for (int i = 0; i < 5; i++) {
            Decision ok = engine.decide(call("run_workflow", "{\"workflow\": \"deploy\", \"environment\": \"dev\"}"));
            assertThat(ok.outcome()).isEqualTo(Outcome.ALLOW);
        }
        Decision sixth = engine.decide(call("run_workflow", "{\"workflow\": \"deploy\", \"environment\": \"dev\"}"));
        assertThat(sixth.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(sixth.rule()).isEqualTo("hourly runs");
        assertThat(sixth.reason()).isEqualTo("Rate limit of 5 per hour reached. Try again later.");
        assertThat(sixth.retryAfterSeconds()).isEqualTo(3600L);

        assertThat(engine.decide(call("start_batch", "{\"items\": 101}")).rule()).isEqualTo("batch size");
        for (int i = 0; i < 10; i++) {
            assertThat(engine.decide(call("start_batch", "{\"items\": 100}")).allowed()).isTrue();
        }
        Decision overDaily = engine.decide(call("start_batch", "{\"items\": 1}"));
        assertThat(overDaily.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(overDaily.reason()).isEqualTo("Daily limit of 1000 batch items reached");

        Decision delete = engine.decide(call("delete_workflow"));
        assertThat(delete.rule()).isEqualTo("block deletion");
        assertThat(delete.reason()).isEqualTo("Workflow deletion is not permitted via AI agents");

        // default: allow lets an unlisted tool through, wildcard rules still apply
        Decision unlisted = engine.decide(call("list_workflows"));
        assertThat(unlisted.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(unlisted.rule()).isEqualTo("global rate limit");
    }

    @Test
    void interceptWildcardCounterIsSharedByAllToolsAsGlobal() {
        PolicyEngine engine = new PolicyEngine(Policies.load("conductor-intercept.yaml"), clock);
        for (int i = 0; i < 60; i++) {
            assertThat(engine.decide(call(i % 2 == 0 ? "list_workflows" : "get_workflow_status")).allowed()).isTrue();
        }
        Decision sixtyFirst = engine.decide(call("list_workflows"));
        assertThat(sixtyFirst.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(sixtyFirst.rule()).isEqualTo("global rate limit");
        assertThat(sixtyFirst.reason()).isEqualTo("Rate limit: maximum 60 tool calls per minute");
    }

    @Test
    void fromTreeLoadsADocumentOtherCodeParsed() throws Exception {
        // e.g. a ToolPolicy's spec without targetRef, parsed by the Kubernetes client (doubles, not decimals)
        com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"version": "1", "default": "deny",
                 "tools": {"charge": {"rules": [{"name": "small", "conditions": [{"path": "args.amount", "op": "lte", "value": 10.5}]}]}}}
                """);
        CompiledPolicy policy = PolicyLoader.fromTree(spec, "ToolPolicy default/payments");
        PolicyEngine engine = new PolicyEngine(policy, clock);
        assertThat(engine.decide(call("charge", "{\"amount\": 10.5}")).allowed()).isTrue();
        assertThat(engine.decide(call("charge", "{\"amount\": 10.51}")).allowed()).isFalse();
        assertThat(PolicyLoader.parse(PolicyWriter.toJson(policy), "configmap").model()).isEqualTo(policy.model());
    }

    @Test
    void bothFormatsMixInOneEntryAndApplyInOrder() {
        PolicyEngine engine = new PolicyEngine(Policies.parse("""
                version: "1"
                tools:
                  run_workflow:
                    rules:
                      - {name: shape, conditions: [{path: args.workflow, op: exists}]}
                    limits:
                      - {counter: per_grant, window: minute, max: 1, scope: grant}
                    rate_limit: 5/hour
                """), clock);
        assertThat(engine.decide(call("run_workflow")).rule()).isEqualTo("shape");
        Decision ok = engine.decide(call("run_workflow", "{\"workflow\": \"w\"}"));
        assertThat(ok.rule()).isEqualTo("_rate_hour");
        assertThat(engine.decide(call("run_workflow", "{\"workflow\": \"w\"}")).rule()).isEqualTo("per_grant");
        assertThat(engine.current().model().tool("run_workflow").rules()).extracting(r -> r.name())
                .containsExactly("shape", "per_grant", "_rate_hour");
    }
}
