package dev.toolgate.operator.policy;

import dev.toolgate.operator.Fixtures;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge, judged by what the merged policy decides (the proxy's own engine), not by its text alone. */
class PolicyMergeTest {
    private static final Caller ALICE = new Caller("alice", "team-a", "s1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:10Z"), ZoneOffset.UTC);

    private final PolicyMerge merge = new PolicyMerge();

    @Test
    void theSeedAloneKeepsItsMeaningWithItsRulesPrefixed() throws Exception {
        MergeResult result = merge.merge(List.of(policy("conductor-limits", Fixtures.SEED)));

        assertThat(result.applicable()).isTrue();
        assertThat(result.warnings()).isEmpty();
        PolicyEngine engine = engine(result);
        for (int i = 0; i < 10; i++) {
            call(engine, "run_workflow", Outcome.ALLOW);
        }
        Decision limited = engine.decide(call("run_workflow"));
        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.rule()).isEqualTo("conductor-limits/run_workflow_rate");
        assertThat(engine.decide(call("delete_workflow")).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void aDenyInOnePolicyBeatsAnAllowInAnother() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a-allows", "{\"version\":\"1\",\"default\":\"allow\",\"tools\":{\"delete_workflow\":{\"action\":\"allow\"}}}"),
                policy("b-denies", "{\"version\":\"1\",\"default\":\"allow\",\"tools\":{\"delete_workflow\":{\"action\":\"deny\",\"reason\":\"deleting workflows needs a human\"}}}")));

        Decision decision = engine(result).decide(call("delete_workflow"));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo("b-denies/delete_workflow");
        assertThat(decision.reason()).contains("deleting workflows needs a human");
        assertThat(engine(result).decide(call("list_workflows")).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aDenyAlsoBeatsAnApprovalAndAnApprovalBeatsAnAllow() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a-approve", "{\"version\":\"1\",\"tools\":{\"delete_workflow\":{\"action\":\"require_approval\"},\"cancel_workflow\":{\"action\":\"require_approval\"}}}"),
                policy("b-deny", "{\"version\":\"1\",\"tools\":{\"delete_workflow\":{\"action\":\"deny\"},\"cancel_workflow\":{\"action\":\"allow\"}}}")));

        PolicyEngine engine = engine(result);
        assertThat(engine.decide(call("delete_workflow")).outcome()).isEqualTo(Outcome.DENY);
        Decision cancel = engine.decide(call("cancel_workflow"));
        assertThat(cancel.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(cancel.rule()).isEqualTo("a-approve/cancel_workflow");
    }

    @Test
    void everyLimitAppliesWithItsOwnCounterAndADifferentDefinitionIsReported() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a-five", "{\"version\":\"1\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"rate\",\"window\":\"minute\",\"max\":5,\"scope\":\"grant\"}]}}}"),
                policy("b-three", "{\"version\":\"1\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"rate\",\"window\":60,\"max\":3,\"scope\":\"global\"}]}}}")));

        assertThat(result.applicable()).isTrue();
        assertThat(result.warnings()).singleElement().asString()
                .contains("counter run_workflow.rate is defined differently by a-five", "b-three", "both limits apply");
        PolicyEngine engine = engine(result);
        for (int i = 0; i < 3; i++) {
            call(engine, "run_workflow", Outcome.ALLOW);
        }
        Decision fourth = engine.decide(call("run_workflow"));
        assertThat(fourth.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(fourth.rule()).isEqualTo("b-three/rate");
    }

    @Test
    void defaultDenyWinsHideIsUnionedAndTheDifferenceIsReported() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a-open", "{\"version\":\"1\",\"default\":\"allow\",\"hide\":[\"delete_workflow\"],\"tools\":{\"run_workflow\":{}}}"),
                policy("b-closed", "{\"version\":\"1\",\"default\":\"deny\",\"hide\":[\"cancel_workflow\"],\"tools\":{\"run_workflow\":{},\"list_workflows\":{}}}")));

        assertThat(result.document().path("default").asText()).isEqualTo("deny");
        assertThat(result.warnings()).singleElement().asString().contains("default: deny wins", "b-closed", "a-open");
        PolicyEngine engine = engine(result);
        assertThat(engine.mayList("delete_workflow")).isFalse();
        assertThat(engine.mayList("cancel_workflow")).isFalse();
        assertThat(engine.decide(call("get_workflow_status")).outcome()).isEqualTo(Outcome.DENY);
        assertThat(engine.decide(call("run_workflow")).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aToolListedOnlyElsewhereStaysDeniedByADefaultDenyPolicy() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a", "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{},\"list_workflows\":{}}}"),
                policy("b", "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"list_workflows\":{},\"delete_workflow\":{}}}")));

        PolicyEngine engine = engine(result);
        assertThat(engine.decide(call("list_workflows")).outcome()).isEqualTo(Outcome.ALLOW);
        Decision runWorkflow = engine.decide(call("run_workflow"));
        assertThat(runWorkflow.outcome()).isEqualTo(Outcome.DENY);
        assertThat(runWorkflow.rule()).isEqualTo("b/unlisted");
        assertThat(engine.decide(call("delete_workflow")).rule()).isEqualTo("a/unlisted");
    }

    @Test
    void aGlobADefaultDenyPolicyDoesNotListIsAConflictNotAGuess() throws Exception {
        MergeResult result = merge.merge(List.of(
                policy("a-github", "{\"version\":\"1\",\"tools\":{\"github_*\":{\"rules\":[{\"name\":\"no-force\",\"conditions\":[{\"path\":\"args.force\",\"op\":\"neq\",\"value\":true}]}]}}}"),
                policy("b-closed", "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{}}}")));

        assertThat(result.applicable()).isFalse();
        assertThat(result.conflicts()).singleElement().asString().contains("github_*", "a-github", "b-closed");
    }

    @Test
    void interceptStateConditionsFollowTheirPrivateCounter() throws Exception {
        String intercept = """
                {"version":"1","description":"daily budget","default":"allow","tools":{"run_workflow":{"rules":[
                  {"name":"daily-budget","conditions":[{"path":"state.run_workflow.daily","op":"lte","value":2}],
                   "on_deny":"daily budget spent","state":{"counter":"daily","window":"day"}}]}}}""";
        MergeResult result = merge.merge(List.of(policy("budget", intercept), policy("conductor-limits", Fixtures.SEED)));

        assertThat(result.applicable()).as(result.conflicts().toString()).isTrue();
        assertThat(result.document().toString()).contains("state.run_workflow.budget/daily").contains("\"counter\":\"budget/daily\"");
        PolicyEngine engine = engine(result);
        call(engine, "run_workflow", Outcome.ALLOW);
        call(engine, "run_workflow", Outcome.ALLOW);
        Decision third = engine.decide(call("run_workflow"));
        assertThat(third.outcome()).isIn(Outcome.DENY, Outcome.RATE_LIMITED);
        assertThat(third.rule()).isEqualTo("budget/daily-budget");
    }

    @Test
    void theSameInputsGiveTheSameText() {
        List<AcceptedPolicy> inputs = List.of(policy("a", Fixtures.SEED), policy("b", "{\"version\":\"1\",\"hide\":[\"x\"],\"tools\":{}}"));
        assertThat(PolicyDocuments.json(merge.merge(inputs).document())).isEqualTo(PolicyDocuments.json(merge.merge(inputs).document()));
    }

    private static AcceptedPolicy policy(String name, String json) {
        try {
            return new AcceptedPolicy(name, PolicyDocuments.mapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PolicyEngine engine(MergeResult result) throws Exception {
        assertThat(result.applicable()).as("conflicts: %s", result.conflicts()).isTrue();
        return new PolicyEngine(PolicyLoader.fromTree(result.document(), "merged"), CLOCK);
    }

    private static ToolCall call(String tool) {
        return new ToolCall(tool, PolicyDocuments.mapper().createObjectNode(), ALICE);
    }

    private static void call(PolicyEngine engine, String tool, Outcome expected) {
        Decision decision = engine.decide(call(tool));
        assertThat(decision.outcome()).as("%s: %s", tool, decision).isEqualTo(expected);
        decision.reservation().commit();
    }
}
