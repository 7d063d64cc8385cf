package dev.toolgate.policy;

import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Op;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.Scope;
import dev.toolgate.policy.model.ToolEntry;
import dev.toolgate.policy.model.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical writer: what it writes reads back to an equal model, for every feature of the language. */
class PolicyWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed-run_workflow.json", "conductor-policylayer.json", "conductor-intercept.yaml"})
    void everyExamplePolicyRoundTrips(String resource) throws Exception {
        CompiledPolicy original = Policies.load(resource);
        String canonical = PolicyWriter.toJson(original);
        CompiledPolicy reread = PolicyLoader.parse(canonical, "canonical");
        assertThat(reread.model()).isEqualTo(original.model());
        assertThat(PolicyWriter.toJson(reread)).isEqualTo(canonical);
    }

    @Test
    void everyFeatureRoundTrips() throws Exception {
        String text = """
                version: "1"
                description: every feature
                default: deny
                hide: [admin_*, "secret?", purge]
                tools:
                  charge:
                    rules:
                      - name: team-a/amount
                        conditions:
                          - {path: args.amount, op: lte, value: 500.25}
                          - {path: args.currency, op: in, value: [usd, eur, 3, true, null]}
                          - {path: args.note, op: exists, value: false}
                          - {path: args.tags, op: contains, value: urgent}
                          - {path: args.ref, op: regex, value: "^[A-Z]{3}-\\\\d+$"}
                          - {path: args.kind, op: not_in, value: [test]}
                          - {path: args.code, op: neq, value: "x"}
                          - {path: args.level, op: gt, value: 1}
                          - {path: args.level, op: gte, value: 2}
                          - {path: args.level, op: lt, value: 100000000000}
                          - {path: args.mode, op: eq, value: {a: [1, 2]}}
                        on_deny: amount too high
                      - name: spend
                        conditions:
                          - {path: state.charge.spend, op: lt, value: 100000}
                        state: {counter: spend, window: 90, scope: identity, increment_from: args.amount}
                      - name: per-session
                        rate_limit: 3/second
                      - name: big needs approval
                        action: require_approval
                        conditions: [{path: args.amount, op: gt, value: 100}]
                  "github_*":
                    rules:
                      - {name: grants, state: {counter: calls, window: hour, scope: grant, increment: 2}}
                  drop:
                    rules:
                      - {name: never, action: deny}
                  "*":
                    rules:
                      - name: global
                        conditions: [{path: state._global.c, op: lte, value: 60}]
                        state: {counter: c, window: minute, scope: session}
                      - name: grant-calls-cap
                        conditions: [{path: "state.github_*.calls", op: lt, value: 7}]
                """;
        CompiledPolicy original = Policies.parse(text);
        String canonical = PolicyWriter.toJson(original);
        assertThat(canonical).contains("\"scope\" : \"identity\"", "\"window\" : 90", "\"increment_from\" : \"args.amount\"",
                "\"action\" : \"require_approval\"", "\"github_*\"", "\"hide\" : [ \"admin_*\", \"secret?\", \"purge\" ]");
        CompiledPolicy reread = PolicyLoader.parse(canonical, "canonical");
        assertThat(reread.model()).isEqualTo(original.model());
    }

    @Test
    void modelBuiltInCodeIsWrittenAndReadBackEqual() throws Exception {
        Policy model = new Policy("1", null, DefaultAction.DENY, List.of("hidden"), List.of(
                new ToolEntry("run_workflow", List.of(
                        new Rule("tp-a/run_workflow_rate", Action.EVALUATE,
                                List.of(new Condition("state.run_workflow.run_workflow_rate", Op.LTE, Policies.json("10"))),
                                null, CounterSpec.of("run_workflow_rate", Window.MINUTE, Scope.GRANT)),
                        new Rule("tp-b/deny", Action.DENY, List.of(), "no", null)))));
        CompiledPolicy compiled = PolicyCompiler.compile(model, "merged");
        CompiledPolicy reread = PolicyLoader.parse(PolicyWriter.toJson(model), "configmap");
        assertThat(reread.model()).isEqualTo(compiled.model()).isEqualTo(model);
    }
}
