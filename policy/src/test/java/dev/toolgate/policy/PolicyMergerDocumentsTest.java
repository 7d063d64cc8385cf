package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge of policy documents as the operator does it ({@link PolicyMerger#mergeDocuments}), judged by what the
 * merged document decides (the proxy's own engine), not by its text alone.
 */
class PolicyMergerDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("alice", "team-a", "s1");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:10Z"), ZoneOffset.UTC);
    /** The seed example, as the operator's fixtures hold it. */
    private static final String SEED = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{\"limits\":"
            + "[{\"counter\":\"run_workflow_rate\",\"window\":\"minute\",\"max\":10,\"scope\":\"grant\"}]}}}";

    @Test
    void theSeedAloneKeepsItsMeaningWithItsRulesPrefixed() throws Exception {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of("conductor-limits", document(SEED)));

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
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a-allows", document("{\"version\":\"1\",\"default\":\"allow\",\"tools\":{\"delete_workflow\":{\"action\":\"allow\"}}}"),
                "b-denies", document("{\"version\":\"1\",\"default\":\"allow\",\"tools\":{\"delete_workflow\":{\"action\":\"deny\",\"reason\":\"deleting workflows needs a human\"}}}")));

        Decision decision = engine(result).decide(call("delete_workflow"));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo("b-denies/delete_workflow");
        assertThat(decision.reason()).contains("deleting workflows needs a human");
        assertThat(engine(result).decide(call("list_workflows")).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aDenyAlsoBeatsAnApprovalAndAnApprovalBeatsAnAllow() throws Exception {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a-approve", document("{\"version\":\"1\",\"tools\":{\"delete_workflow\":{\"action\":\"require_approval\"},\"cancel_workflow\":{\"action\":\"require_approval\"}}}"),
                "b-deny", document("{\"version\":\"1\",\"tools\":{\"delete_workflow\":{\"action\":\"deny\"},\"cancel_workflow\":{\"action\":\"allow\"}}}")));

        PolicyEngine engine = engine(result);
        assertThat(engine.decide(call("delete_workflow")).outcome()).isEqualTo(Outcome.DENY);
        Decision cancel = engine.decide(call("cancel_workflow"));
        assertThat(cancel.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(cancel.rule()).isEqualTo("a-approve/cancel_workflow");
    }

    @Test
    void everyLimitAppliesWithItsOwnCounterAndADifferentDefinitionIsReported() throws Exception {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a-five", document("{\"version\":\"1\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"rate\",\"window\":\"minute\",\"max\":5,\"scope\":\"grant\"}]}}}"),
                "b-three", document("{\"version\":\"1\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"rate\",\"window\":60,\"max\":3,\"scope\":\"global\"}]}}}")));

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
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a-open", document("{\"version\":\"1\",\"default\":\"allow\",\"hide\":[\"delete_workflow\"],\"tools\":{\"run_workflow\":{}}}"),
                "b-closed", document("{\"version\":\"1\",\"default\":\"deny\",\"hide\":[\"cancel_workflow\"],\"tools\":{\"run_workflow\":{},\"list_workflows\":{}}}")));

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
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a", document("{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{},\"list_workflows\":{}}}"),
                "b", document("{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"list_workflows\":{},\"delete_workflow\":{}}}")));

        PolicyEngine engine = engine(result);
        assertThat(engine.decide(call("list_workflows")).outcome()).isEqualTo(Outcome.ALLOW);
        Decision runWorkflow = engine.decide(call("run_workflow"));
        assertThat(runWorkflow.outcome()).isEqualTo(Outcome.DENY);
        assertThat(runWorkflow.rule()).isEqualTo("b/unlisted");
        assertThat(engine.decide(call("delete_workflow")).rule()).isEqualTo("a/unlisted");
    }

    @Test
    void aGlobADefaultDenyPolicyDoesNotListIsAConflictNotAGuess() throws Exception {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "a-github", document("{\"version\":\"1\",\"tools\":{\"github_*\":{\"rules\":[{\"name\":\"no-force\",\"conditions\":[{\"path\":\"args.force\",\"op\":\"neq\",\"value\":true}]}]}}}"),
                "b-closed", document("{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{}}}")));

        assertThat(result.applicable()).isFalse();
        assertThat(result.conflicts()).singleElement().asString().contains("github_*", "a-github", "b-closed");
    }

    @Test
    void interceptStateConditionsFollowTheirPrivateCounter() throws Exception {
        String intercept = """
                {"version":"1","description":"daily budget","default":"allow","tools":{"run_workflow":{"rules":[
                  {"name":"daily-budget","conditions":[{"path":"state.run_workflow.daily","op":"lte","value":2}],
                   "on_deny":"daily budget spent","state":{"counter":"daily","window":"day"}}]}}}""";
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of("budget", document(intercept), "conductor-limits", document(SEED)));

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
        Map<String, JsonNode> inputs = Map.of("a", document(SEED), "b", document("{\"version\":\"1\",\"hide\":[\"x\"],\"tools\":{}}"));
        assertThat(PolicyMerger.mergeDocuments(inputs).document().toString()).isEqualTo(PolicyMerger.mergeDocuments(inputs).document().toString());
    }

    @Test
    void aDocumentThatNoLongerValidatesIsAConflictAndNothingIsMerged() {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "b-broken", document("{\"version\":\"1\",\"default\":\"sometimes\",\"tools\":{}}"),
                "a-fine", document(SEED),
                "c-broken", document("{\"version\":\"1\",\"tools\":{\"x\":{\"action\":\"maybe\"}}}")));

        assertThat(result.applicable()).isFalse();
        assertThat(result.policy()).isNull();
        assertThat(result.document()).isNull();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.conflicts()).hasSize(2);
        assertThat(result.conflicts().get(0)).startsWith("ToolPolicy b-broken no longer validates: ").contains("sometimes");
        assertThat(result.conflicts().get(1)).startsWith("ToolPolicy c-broken no longer validates: ").contains("maybe");
    }

    @Test
    void theDocumentIsTheMergedModelWritten() throws Exception {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of("conductor-limits", document(SEED)));

        assertThat(result.document()).isEqualTo(PolicyWriter.toTree(result.policy()));
        assertThat(result.document()).isEqualTo(PolicyWriter.toTree(PolicyMerger.merge(Map.of("conductor-limits",
                PolicyLoader.fromTree(document(SEED), "seed").model())).policy()));
    }

    private static JsonNode document(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PolicyEngine engine(PolicyMerger.Result result) throws Exception {
        assertThat(result.applicable()).as("conflicts: %s", result.conflicts()).isTrue();
        return new PolicyEngine(PolicyLoader.fromTree(result.document(), "merged"), CLOCK);
    }

    private static ToolCall call(String tool) {
        return new ToolCall(tool, JSON.createObjectNode(), ALICE);
    }

    private static void call(PolicyEngine engine, String tool, Outcome expected) {
        Decision decision = engine.decide(call(tool));
        assertThat(decision.outcome()).as("%s: %s", tool, decision).isEqualTo(expected);
        decision.reservation().commit();
    }
}
