package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.Confidence;
import dev.toolgate.policy.risk.RiskClass;
import dev.toolgate.policy.risk.RiskLevel;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code classes:}: rules by risk class and risk level, their precedence, validation, writing back and merging. */
class ClassRulesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T08:00:10Z"), ZoneOffset.UTC);
    private static final Caller ALICE = new Caller("alice", "team-a", "s1");
    private static final String POLICY = """
            version: "1"
            default: deny
            tools:
              run_workflow: {}
            classes:
              read: {}
              execute:
                limits: [{counter: execute_rate, window: minute, max: 2, scope: grant}]
              destructive:
                action: require_approval
                reason: "destructive tools need a person"
              critical:
                action: deny
                reason: "nothing critical"
            """;

    @Test
    void aClassEntrySelectsTheToolsOfItsClass() {
        PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), CLOCK);

        assertThat(engine.decide(call("list_things", RiskClass.READ, RiskLevel.LOW)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(engine.decide(call("write_thing", RiskClass.WRITE, RiskLevel.MEDIUM)).rule()).isEqualTo("default");
        Decision approval = engine.decide(call("delete_thing", RiskClass.DESTRUCTIVE, RiskLevel.HIGH));
        assertThat(approval.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(approval.rule()).isEqualTo("classes.destructive");
        assertThat(approval.reason()).isEqualTo("destructive tools need a person");
    }

    @Test
    void aClassCounterCountsEveryToolOfTheClassTogether() {
        PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), CLOCK);

        assertThat(engine.decide(call("run_a", RiskClass.EXECUTE, RiskLevel.HIGH)).allowed()).isTrue();
        assertThat(engine.decide(call("run_b", RiskClass.EXECUTE, RiskLevel.HIGH)).allowed()).isTrue();
        Decision third = engine.decide(call("run_a", RiskClass.EXECUTE, RiskLevel.HIGH));
        assertThat(third.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(third.rule()).isEqualTo("execute_rate");
    }

    @Test
    void aNamedToolWinsOverItsClass() {
        PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), CLOCK);
        for (int i = 0; i < 5; i++) {
            assertThat(engine.decide(call("run_workflow", RiskClass.EXECUTE, RiskLevel.CRITICAL)).allowed()).isTrue();
        }
        assertThat(engine.current().plan("run_workflow", classified("run_workflow", RiskClass.EXECUTE, RiskLevel.CRITICAL))
                .selectedBy()).isEmpty();
    }

    @Test
    void theRiskLevelEntryAppliesAfterTheClassEntry() {
        PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), CLOCK);
        Decision decision = engine.decide(call("run_code", RiskClass.EXECUTE, RiskLevel.CRITICAL));

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo("classes.critical");
        assertThat(engine.current().plan("run_code", classified("run_code", RiskClass.EXECUTE, RiskLevel.CRITICAL)).selectedBy())
                .containsExactly("classes.execute", "classes.critical");
    }

    @Test
    void aToolNeverSeenListedIsTheWorstCase() {
        PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), CLOCK);
        Decision decision = engine.decide(new ToolCall("mystery", null, ALICE));

        // destructive/critical: the critical entry's deny beats the destructive entry's approval
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo("classes.critical");
        assertThat(engine.current().plan("mystery", null).selectedBy()).containsExactly("classes.destructive", "classes.critical");
        assertThat(engine.mayList("mystery")).isFalse();
        assertThat(engine.mayList("list_things", classified("list_things", RiskClass.READ, RiskLevel.LOW))).isTrue();
    }

    @Test
    void aPolicyWithoutClassesDecidesAsBefore() {
        PolicyEngine engine = new PolicyEngine(Policies.parse("""
                {"version":"1","default":"allow","tools":{"x":{"action":"deny"}}}"""), CLOCK);
        assertThat(engine.decide(call("y", RiskClass.FINANCIAL, RiskLevel.CRITICAL)).allowed()).isTrue();
        assertThat(engine.decide(new ToolCall("y", null, ALICE)).allowed()).isTrue();
    }

    @Test
    void validationNamesTheBadKeyWithASuggestion() {
        assertThat(Policies.errors("""
                {"version":"1","tools":{},"classes":{"destructiv":{"action":"deny"},"read":{"action":"maybe"}}}"""))
                .containsExactly(
                        "classes.destructiv: \"destructiv\" is neither a risk class nor a risk level; did you mean \"destructive\"? "
                                + "use one of read, write, execute, destructive, financial, low, medium, high, critical",
                        "classes.read.action: must be allow, deny or require_approval, got \"maybe\"");
        assertThat(Policies.errors("""
                {"version":"1","tools":{},"classes":["read"]}""")).singleElement().asString().startsWith("classes: must be a map");
    }

    @Test
    void classesAreWrittenBackAndReadToTheSameModel() throws Exception {
        CompiledPolicy policy = Policies.parse(POLICY);
        CompiledPolicy again = PolicyLoader.parse(PolicyWriter.toJson(policy), "again");

        assertThat(again.model()).isEqualTo(policy.model());
        assertThat(again.model().classes()).extracting(c -> c.key()).containsExactly("read", "execute", "destructive", "critical");
    }

    @Test
    void aClassCounterIsReadableFromAnotherRule() {
        CompiledPolicy policy = Policies.parse("""
                version: "1"
                tools:
                  report:
                    rules:
                      - name: only while few runs
                        conditions: [{path: state.classes.execute.runs, op: lt, value: 1}]
                classes:
                  execute:
                    rules:
                      - name: count runs
                        state: {counter: runs, window: minute}
                """);
        PolicyEngine engine = new PolicyEngine(policy, CLOCK);
        assertThat(engine.decide(call("report", RiskClass.READ, RiskLevel.LOW)).allowed()).isTrue();
        assertThat(engine.decide(call("run", RiskClass.EXECUTE, RiskLevel.HIGH)).allowed()).isTrue();
        assertThat(engine.decide(call("report", RiskClass.READ, RiskLevel.LOW)).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void mergedClassesKeepEveryPolicysRulesAndADefaultDenyPolicysSilence() {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "approvals", json("{\"version\":\"1\",\"default\":\"allow\",\"tools\":{},\"classes\":{\"destructive\":{\"action\":\"require_approval\"},\"read\":{}}}"),
                "reads-only", json("{\"version\":\"1\",\"default\":\"deny\",\"tools\":{},\"classes\":{\"read\":{}}}")));

        assertThat(result.conflicts()).isEmpty();
        PolicyEngine engine = new PolicyEngine(PolicyEngineSupport.compile(result), CLOCK);
        assertThat(engine.decide(call("list", RiskClass.READ, RiskLevel.LOW)).allowed()).isTrue();
        Decision destructive = engine.decide(call("drop", RiskClass.DESTRUCTIVE, RiskLevel.HIGH));
        assertThat(destructive.outcome()).isEqualTo(Outcome.DENY);
        assertThat(destructive.rule()).isEqualTo("reads-only/unlisted");
    }

    @Test
    void aToolNamedElsewhereThatWouldEscapeAPolicysClassesIsAConflict() {
        PolicyMerger.Result result = PolicyMerger.mergeDocuments(Map.of(
                "approvals", json("{\"version\":\"1\",\"tools\":{},\"classes\":{\"destructive\":{\"action\":\"require_approval\"}}}"),
                "names", json("{\"version\":\"1\",\"tools\":{\"delete_all\":{}}}")));

        assertThat(result.applicable()).isFalse();
        assertThat(result.conflicts()).singleElement().asString()
                .startsWith("tool \"delete_all\" is named by another ToolPolicy but not by approvals");
    }

    @Test
    void aToolListedUnderAClassIsOfThatClassWhateverTheClassifierSays() {
        CompiledPolicy policy = Policies.parse("""
                version: "1"
                default: deny
                tools: {}
                classes:
                  read:
                    tools: [run_report]
                  critical:
                    tools: [list_secrets]
                    action: require_approval
                """);
        PolicyEngine engine = new PolicyEngine(policy, CLOCK);

        assertThat(engine.decide(call("run_report", RiskClass.EXECUTE, RiskLevel.HIGH)).allowed()).isTrue();
        assertThat(engine.decide(call("list_secrets", RiskClass.READ, RiskLevel.LOW)).outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        Classification effective = policy.classification("run_report", classified("run_report", RiskClass.EXECUTE, RiskLevel.HIGH));
        assertThat(effective.riskClass()).isEqualTo(RiskClass.READ);
        assertThat(effective.risk()).isEqualTo(RiskLevel.HIGH);
        assertThat(effective.signals().get(0)).isEqualTo("the policy puts it in classes.read");
    }

    @Test
    void membersAreCheckedWrittenBackAndMerged() throws Exception {
        assertThat(Policies.errors("""
                {"version":"1","tools":{"x":{}},"classes":{"read":{"tools":["x","y","g*"]},"write":{"tools":["y"]}}}"""))
                .containsExactly(
                        "classes.read.tools[0]: \"x\" has its own entry in tools, which wins over any class; remove it here or there",
                        "classes.read.tools[2]: \"g*\" is a glob; list exact tool names whose class you set",
                        "classes.write.tools[0]: \"y\" is already put in read by classes.read.tools; a tool has one class");
        CompiledPolicy policy = Policies.parse("{\"version\":\"1\",\"tools\":{},\"classes\":{\"read\":{\"tools\":[\"y\"]}}}");
        assertThat(PolicyLoader.parse(PolicyWriter.toJson(policy), "again").model()).isEqualTo(policy.model());

        PolicyMerger.Result merged = PolicyMerger.mergeDocuments(Map.of(
                "a", json("{\"version\":\"1\",\"tools\":{},\"classes\":{\"read\":{\"tools\":[\"y\"]}}}"),
                "b", json("{\"version\":\"1\",\"tools\":{},\"classes\":{\"destructive\":{\"tools\":[\"y\"]}}}")));
        assertThat(merged.applicable()).isFalse();
        assertThat(merged.conflicts()).singleElement().asString().contains("\"y\" is already put in");
    }

    private static JsonNode json(String text) {
        return Policies.json(text);
    }

    private static Classification classified(String tool, RiskClass riskClass, RiskLevel risk) {
        return new Classification(tool, riskClass, risk, List.of("test"), Confidence.HIGH);
    }

    private static ToolCall call(String tool, RiskClass riskClass, RiskLevel risk) {
        return new ToolCall(tool, null, ALICE, classified(tool, riskClass, risk));
    }

    /** Compiles a merge result the way the proxy reads the operator's ConfigMap: from the written document. */
    private static final class PolicyEngineSupport {
        static CompiledPolicy compile(PolicyMerger.Result result) {
            try {
                return PolicyLoader.fromTree(result.document(), "merged");
            } catch (InvalidPolicyException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
    }
}
