package dev.toolgate.policy;

import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** grants: in the canonical form and in the merge of several ToolPolicies. */
class GrantsMergeTest {
    private static final String TEAM_A = """
            version: "1"
            default: deny
            tools:
              run_workflow: {}
              list_workflows: {}
            grants:
              - grant: team-a
                description: team A runs its workflows
                tools: [run_workflow]
                limits: [{counter: runs, window: minute, max: 2, scope: grant, reason: team A's budget}]
              - serviceAccount: ci/*
                tools: [list_workflows]
            """;
    private static final String TEAM_B = """
            version: "1"
            default: deny
            tools:
              run_workflow: {}
              list_workflows: {}
            grants:
              - grant: team-b
                tools: ["*"]
              - grant: team-a
                tools: [run_workflow, list_workflows]
                limits: [{counter: runs, window: minute, max: 1, scope: identity}]
            """;
    private static final String NO_GRANTS = """
            {"version": "1", "default": "deny", "tools": {"run_workflow": {}, "list_workflows": {}}}
            """;

    private static Caller caller(String identity, String grant) {
        return new Caller(identity, grant, "s");
    }

    @Test
    void grantsRoundTripThroughTheCanonicalForm() throws Exception {
        CompiledPolicy original = Policies.parse(TEAM_A);
        String canonical = PolicyWriter.toJson(original);
        assertThat(Policies.json(canonical).get("grants").get(0).toString()).isEqualTo(
                "{\"grant\":\"team-a\",\"description\":\"team A runs its workflows\",\"tools\":[\"run_workflow\"],"
                        + "\"limits\":[{\"counter\":\"runs\",\"window\":\"minute\",\"scope\":\"grant\",\"increment\":1,\"max\":2,"
                        + "\"reason\":\"team A's budget\"}]}");
        CompiledPolicy reread = PolicyLoader.parse(canonical, "canonical");
        assertThat(reread.model()).isEqualTo(original.model());
        assertThat(PolicyWriter.toJson(reread)).isEqualTo(canonical);
    }

    @Test
    void aPolicyWithoutGrantsWritesNoGrantsSection() {
        assertThat(Policies.json(PolicyWriter.toJson(Policies.parse(NO_GRANTS))).has("grants")).isFalse();
    }

    @Test
    void entriesAddUpAcrossToolPoliciesAndEachKeepsItsOriginAndLimits() throws Exception {
        PolicyMerger.Result result = PolicyMerger.merge(Map.of("b", Policies.parse(TEAM_B).model(), "a", Policies.parse(TEAM_A).model()));
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.warnings()).containsExactly("grant: team-a is granted tools by a, b: it may call the tools of every "
                + "entry, and each entry's limits apply to the tools that entry lists");
        Policy merged = result.policy();
        assertThat(merged.grants()).extracting(g -> g.subject() + " from " + ((RuleOrigin.ToolPolicy) g.origin()).name())
                .containsExactly("grant: team-a from a", "serviceAccount: ci/* from a", "grant: team-b from b", "grant: team-a from b");
        assertThat(merged.grants().get(0).limits()).extracting(r -> r.counter().name()).containsExactly("a/runs");

        // the merged document is what the proxy loads from the ConfigMap: read it back as the proxy would
        CompiledPolicy loaded = PolicyLoader.fromTree(result.document(), "configmap");
        assertThat(loaded.model()).isEqualTo(merged);
        PolicyEngine engine = new PolicyEngine(loaded, FakeClock.at("2026-12-02T10:00:00Z"));
        // team-a may list workflows thanks to b; run_workflow counts against both entries' limits, so b's 1 per identity binds
        assertThat(engine.decide(call("list_workflows", "{}", caller("dave", "team-a"))).admittedBy()).isEqualTo(Subject.grant("team-a"));
        assertThat(engine.decide(call("run_workflow", "{}", caller("alice", "team-a"))).outcome()).isEqualTo(Outcome.ALLOW);
        Decision second = engine.decide(call("run_workflow", "{}", caller("alice", "team-a")));
        assertThat(second.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(second.rule()).isEqualTo("b/runs");
        assertThat(engine.decide(call("run_workflow", "{}", caller("bob", "team-a"))).outcome()).isEqualTo(Outcome.ALLOW);
        Decision third = engine.decide(call("run_workflow", "{}", caller("carol", "team-a")));
        assertThat(third.rule()).as("a's 2 per grant").isEqualTo("a/runs");
        assertThat(third.reason()).isEqualTo("team A's budget");
        // list_workflows is not in a's team-a entry, so a's limit does not count it
        assertThat(engine.decide(call("list_workflows", "{}", caller("carol", "team-a"))).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(engine.decide(call("list_workflows", "{}", caller("system:serviceaccount:ci:x", null))).outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(engine.decide(call("run_workflow", "{}", caller("eve", "team-c"))).rule()).isEqualTo("grants");
    }

    @Test
    void aToolPolicyWithoutGrantsDoesNotOpenTheServerToEverybodyAndTheMergeSaysSo() throws Exception {
        PolicyMerger.Result result = PolicyMerger.merge(Map.of("a", Policies.parse(TEAM_A).model(), "open", Policies.parse(NO_GRANTS).model()));
        assertThat(result.warnings()).containsExactly("grants of a apply to every call: open (no grants section) allow tools "
                + "only to the subjects those grants name");
        PolicyEngine engine = new PolicyEngine(PolicyCompiler.compile(result.policy(), "merged"), FakeClock.at("2026-12-02T10:00:00Z"));
        assertThat(engine.decide(call("list_workflows", "{}", caller("anyone", "x"))).rule()).isEqualTo("grants");
    }

    @Test
    void policiesWithoutGrantsMergeWithoutGrants() {
        PolicyMerger.Result result = PolicyMerger.merge(Map.of("a", Policies.parse(NO_GRANTS).model(), "b", Policies.parse(NO_GRANTS).model()));
        assertThat(result.policy().hasGrants()).isFalse();
    }

    @Test
    void aGrantDoesNotUndoAnotherToolPolicysDefaultDenyAndTheMergeSaysSo() throws Exception {
        String allowing = """
                {"version": "1", "tools": {}, "grants": [{"grant": "a", "tools": ["deploy", "run_workflow"]}]}""";
        PolicyMerger.Result result = PolicyMerger.merge(Map.of("allowing", Policies.parse(allowing).model(),
                "strict", Policies.parse(NO_GRANTS).model()));
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.warnings()).contains("tool \"deploy\": granted to grant: a by allowing, not listed by strict "
                + "(default: deny); deny wins");
        PolicyEngine engine = new PolicyEngine(PolicyLoader.fromTree(result.document(), "merged"), FakeClock.at("2026-12-02T10:00:00Z"));
        assertThat(engine.decide(call("deploy", "{}", caller("x", "a"))).rule()).isEqualTo("default");
        assertThat(engine.decide(call("run_workflow", "{}", caller("x", "a"))).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void theSameSubjectTwiceInOneToolPolicyIsStillAnErrorInTheMergedDocument() {
        List<String> errors = Policies.errors("""
                {"version": "1", "tools": {}, "grants": [
                  {"grant": "a", "tools": ["x"], "toolpolicy": "p"}, {"grant": "a", "tools": ["y"], "toolpolicy": "p"},
                  {"grant": "a", "tools": ["z"], "toolpolicy": "q"}]}""");
        assertThat(errors).singleElement().asString().startsWith("grants[1]: duplicate subject \"grant: a\"");
    }
}
