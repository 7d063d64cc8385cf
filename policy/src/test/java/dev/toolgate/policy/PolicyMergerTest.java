package dev.toolgate.policy;

import dev.toolgate.policy.model.RuleOrigin;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Several ToolPolicies on one McpServer merge into one policy that keeps every rule of each. */
class PolicyMergerTest {

    private static final String TEAM_A = """
            version: "1"
            default: allow
            tools:
              run_workflow:
                rules:
                  - {name: hourly, rate_limit: 2/hour}
              "*":
                rules:
                  - name: shared
                    conditions: [{path: state._global.calls, op: lte, value: 100}]
                    state: {counter: calls, window: minute}
            """;
    private static final String TEAM_B = """
            {"version": "1", "default": "deny", "hide": ["admin_*"],
             "tools": {"run_workflow": {"rate_limit": {"max": 2, "window": "hour"}},
                       "list_workflows": {},
                       "delete_workflow": {"action": "deny", "reason": "never"}}}
            """;

    @Test
    void mergedPolicyAppliesEveryRuleOfEveryPolicyWithPrefixedNamesAndOwnCounters() throws Exception {
        Map<String, dev.toolgate.policy.model.Policy> byName = new LinkedHashMap<>();
        byName.put("team-b", Policies.parse(TEAM_B).model());
        byName.put("team-a", Policies.parse(TEAM_A).model());
        PolicyMerger.Result result = PolicyMerger.merge(byName);
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("default: deny wins", "team-b", "team-a");
        CompiledPolicy merged = PolicyCompiler.compile(result.policy(), "merged");
        assertThat(merged.defaultDeny()).isTrue();
        assertThat(merged.model().hide()).containsExactly("admin_*");
        assertThat(merged.model().tool("run_workflow").rules()).extracting(r -> r.name())
                .containsExactly("team-a/hourly", "team-b/_rate_hour");

        PolicyEngine engine = new PolicyEngine(merged, Clock.systemUTC());
        // both policies' _rate_hour counters exist separately (no clash) and both apply
        assertThat(engine.decide(call("run_workflow")).allowed()).isTrue();
        assertThat(engine.decide(call("run_workflow")).allowed()).isTrue();
        Decision third = engine.decide(call("run_workflow"));
        assertThat(third.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(third.rule()).isEqualTo("team-a/hourly");
        assertThat(third.rule().substring(0, third.rule().indexOf('/'))).isEqualTo("team-a");

        Decision delete = engine.decide(call("delete_workflow"));
        assertThat(delete.rule()).isEqualTo("team-b/delete_workflow");
        assertThat(delete.reason()).isEqualTo("never");
        assertThat(engine.decide(call("unlisted")).rule()).isEqualTo("default");
        assertThat(engine.decide(call("list_workflows")).rule()).isEqualTo("team-a/shared");

        // the merged model survives the ConfigMap round trip
        CompiledPolicy reread = PolicyLoader.parse(PolicyWriter.toJson(merged), "configmap");
        assertThat(reread.model()).isEqualTo(merged.model());
        assertThat(PolicyWriter.toJson(reread)).contains("\"counter\" : \"team-a/calls\"", "\"path\" : \"state._global.team-a/calls\"");
    }

    @Test
    void aMergedRuleCarriesItsToolPolicyAsATypedOriginThroughTheConfigMapRoundTrip() throws Exception {
        Map<String, dev.toolgate.policy.model.Policy> byName = new LinkedHashMap<>();
        byName.put("team-b", Policies.parse(TEAM_B).model());
        byName.put("team.a", Policies.parse(TEAM_A).model());
        CompiledPolicy merged = PolicyCompiler.compile(PolicyMerger.merge(byName).policy(), "merged");
        PolicyEngine engine = new PolicyEngine(PolicyLoader.parse(PolicyWriter.toJson(merged), "configmap"), Clock.systemUTC());

        assertThat(engine.decide(call("delete_workflow")).origin()).isEqualTo(RuleOrigin.toolPolicy("team-b"));
        assertThat(engine.decide(call("list_workflows")).origin()).isEqualTo(RuleOrigin.toolPolicy("team.a"));
        assertThat(engine.decide(call("unlisted")).origin()).as("the merged document's own default").isEqualTo(RuleOrigin.DOCUMENT);
    }

    @Test
    void aRuleWhoseNameHasASlashIsNotAttributedToAToolPolicyByItsName() {
        PolicyEngine engine = new PolicyEngine(Policies.parse("""
                {"version": "1", "tools": {"x": {"rules": [{"name": "toolgate/no-x", "action": "deny"}]}}}"""), Clock.systemUTC());

        Decision denied = engine.decide(call("x"));
        assertThat(denied.rule()).isEqualTo("toolgate/no-x");
        assertThat(denied.origin()).isEqualTo(RuleOrigin.DOCUMENT);
    }

    @Test
    void denyOrHideAgainstAListingIsReportedAndDenyWins() {
        Map<String, dev.toolgate.policy.model.Policy> byName = new LinkedHashMap<>();
        byName.put("a", Policies.parse("{\"version\": \"1\", \"tools\": {\"x\": {}, \"admin_panel\": {}, \"debug_dump\": {}}}").model());
        byName.put("b", Policies.parse("{\"version\": \"1\", \"hide\": [\"admin_panel\", \"debug_*\"], \"tools\": {\"x\": {\"action\": \"deny\"}}}").model());
        PolicyMerger.Result result = PolicyMerger.merge(byName);
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                "tool \"x\": denied by b (rule \"b/x\"), listed by a; deny wins",
                "tool \"admin_panel\": hidden by b, listed by a; hide wins",
                "tool \"debug_dump\": hidden by b (hide: debug_*), listed by a; hide wins");
    }

    @Test
    void aToolListedOnlyByAnAllowPolicyStaysDeniedByADefaultDenyPolicy() throws Exception {
        Map<String, dev.toolgate.policy.model.Policy> byName = new LinkedHashMap<>();
        byName.put("open", Policies.parse("{\"version\": \"1\", \"default\": \"allow\", \"tools\": {\"delete_workflow\": {}}}").model());
        byName.put("closed", Policies.parse("{\"version\": \"1\", \"default\": \"deny\", \"tools\": {\"run_workflow\": {}}}").model());
        PolicyMerger.Result result = PolicyMerger.merge(byName);
        PolicyEngine engine = new PolicyEngine(PolicyCompiler.compile(result.policy(), "merged"), Clock.systemUTC());
        Decision delete = engine.decide(call("delete_workflow"));
        assertThat(delete.outcome()).isEqualTo(Outcome.DENY);
        assertThat(delete.rule()).isEqualTo("closed/unlisted");
        assertThat(engine.decide(call("run_workflow")).allowed()).isTrue();
    }

    @Test
    void aGlobADefaultDenyPolicyDoesNotListIsAConflictAndNothingIsMerged() {
        Map<String, dev.toolgate.policy.model.Policy> byName = new LinkedHashMap<>();
        byName.put("github", Policies.parse("{\"version\": \"1\", \"tools\": {\"github_*\": {}}}").model());
        byName.put("closed", Policies.parse("{\"version\": \"1\", \"default\": \"deny\", \"tools\": {\"run_workflow\": {}}}").model());
        PolicyMerger.Result result = PolicyMerger.merge(byName);
        assertThat(result.applicable()).isFalse();
        assertThat(result.policy()).isNull();
        assertThat(result.conflicts()).singleElement().asString().contains("github_*", "github", "closed");
    }
}
