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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each kind of error, with its path and its fix, and all of them at once. */
class ErrorsTest {

    static Stream<Arguments> oneErrorEach() {
        return Stream.of(
                arguments("bad window (the issue's example)",
                        "{\"version\":\"1\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"r\",\"window\":\"minit\",\"max\":10}]}}}",
                        "tools.run_workflow.limits[0].window: \"minit\" is not a window; use second, minute, hour, day or a number of seconds"),
                arguments("zero-second window",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"limits\":[{\"counter\":\"r\",\"window\":0,\"max\":10}]}}}",
                        "tools.t.limits[0].window: 0 is not a window; a number of seconds is at least 1 (or use second, minute, hour, day or a number of seconds)"),
                arguments("unknown top-level field with a suggestion",
                        "{\"version\":\"1\",\"tools\":{},\"defualt\":\"deny\"}",
                        "defualt: unknown field in a policy; did you mean \"default\"? known fields: version, description, default, hide, tools, grants, classes"),
                arguments("unknown rule field",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: r, action: deny, ondeny: x}\n",
                        "tools.t.rules[0].ondeny: unknown field in a rule; did you mean \"on_deny\"? known fields: name, action, conditions, on_deny, reason, rate_limit, state"),
                arguments("unknown limit field",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"limits\":[{\"counter\":\"r\",\"window\":\"hour\",\"max\":1,\"per\":\"grant\"}]}}}",
                        "tools.t.limits[0].per: unknown field in a limit; known fields: counter, window, max, scope, increment, increment_from, reason"),
                arguments("duplicate key in JSON",
                        "{\"version\":\"1\",\"tools\":{\"t\":{},\"t\":{}}}",
                        "tools.t: duplicate key \"t\"; a key may appear once per object: keep one (merge them if both hold something you need)"),
                arguments("duplicate key in YAML",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: a\n        name: b\n        action: deny\n",
                        "tools.t.rules[0].name: duplicate key \"name\"; a key may appear once per object: keep one (merge them if both hold something you need)"),
                arguments("wrong type",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"rules\":{\"name\":\"r\"}}}}",
                        "tools.t.rules: must be a list of rules, got an object"),
                arguments("wrong type of tools",
                        "{\"version\":\"1\",\"tools\":[\"t\"]}",
                        "tools: must be a map from tool name (or glob, or \"*\") to its rules, got a list"),
                arguments("missing tools",
                        "{\"version\":\"1\"}",
                        "tools: missing; add tools: {} with an entry per tool (an empty map allows nothing under default: deny)"),
                arguments("missing version",
                        "{\"tools\":{}}",
                        "version: missing; add version: \"1\""),
                arguments("wrong version",
                        "{\"version\":\"2\",\"tools\":{}}",
                        "version: must be \"1\", got \"2\""),
                arguments("bad default",
                        "{\"version\":\"1\",\"default\":\"block\",\"tools\":{}}",
                        "default: must be \"allow\" or \"deny\", got \"block\""),
                arguments("bad regex",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: regex, value: 'a(b'}]\n",
                        "tools.t.rules[0].conditions[0].value: \"a(b\" is not a valid RE2 regular expression: missing closing ); RE2 has no backreferences or lookaround (so matching stays linear)"),
                arguments("regex feature RE2 refuses (backreference)",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: regex, value: '(a)\\1'}]\n",
                        "tools.t.rules[0].conditions[0].value: \"(a)\\1\" is not a valid RE2 regular expression: invalid escape sequence; RE2 has no backreferences or lookaround (so matching stays linear)"),
                arguments("rate_limit with conditions",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        rate_limit: 5/hour\n        conditions: [{path: args.x, op: eq, value: 1}]\n",
                        "tools.t.rules[0].conditions: rate_limit cannot be combined with conditions; write the limit as a state condition (lte) plus a state block, or split the rule in two"),
                arguments("rate_limit with state",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        rate_limit: 5/hour\n        state: {counter: c, window: hour}\n",
                        "tools.t.rules[0].state: rate_limit cannot be combined with state; rate_limit already defines its counter, remove one of them"),
                arguments("rate_limit with deny",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: r, rate_limit: 5/hour, action: deny}\n",
                        "tools.t.rules[0].action: rate_limit only works with action: evaluate (the default); remove the action"),
                arguments("bad rate_limit",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: r, rate_limit: five per hour}\n",
                        "tools.t.rules[0].rate_limit: \"five per hour\" is not a rate limit; write N/window such as 10/minute (window: use second, minute, hour, day or a number of seconds)"),
                arguments("deny with conditions",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        action: deny\n        conditions: [{path: args.x, op: eq, value: 1}]\n",
                        "tools.t.rules[0].conditions: deny rules must not have conditions (they refuse every call); remove the conditions, or use action: evaluate whose conditions say what is allowed"),
                arguments("tool-level deny with limits",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"action\":\"deny\",\"limits\":[]}}}",
                        "tools.t.limits: a tool with action: deny refuses every call, so its limits would never apply; remove limits or the action"),
                arguments("tool-level reason without action",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"reason\":\"why\"}}}",
                        "tools.t.reason: a tool-level reason goes with action: deny or action: require_approval; add the action, or put the text in a rule's on_deny"),
                arguments("bad tool-level action",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"action\":\"block\"}}}",
                        "tools.t.action: must be allow, deny or require_approval, got \"block\""),
                arguments("bad rule action",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: r, action: allow}\n",
                        "tools.t.rules[0].action: must be evaluate, deny or require_approval, got \"allow\""),
                arguments("condition on a counter nobody defines",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: state.t.calls, op: lte, value: 5}]\n",
                        "tools.t.rules[0].conditions[0].path: no rule defines counter \"calls\" for \"t\"; add a state block {counter: calls, window: ...} to a rule of tools.t (this policy defines no counters)"),
                arguments("condition on a _global counter nobody defines",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: own, rate_limit: 1/hour}\n      - name: r\n        conditions: [{path: state._global.calls, op: lte, value: 5}]\n",
                        "tools.t.rules[1].conditions[0].path: no rule defines counter \"calls\" for \"_global\"; add a state block {counter: calls, window: ...} to a rule of tools.\"*\", or use one of state.t._rate_hour"),
                arguments("unknown op",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: equals, value: 1}]\n",
                        "tools.t.rules[0].conditions[0].op: unknown operator \"equals\"; use one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists"),
                arguments("misspelled op",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: not-in, value: [1]}]\n",
                        "tools.t.rules[0].conditions[0].op: unknown operator \"not-in\"; did you mean \"not_in\"? use one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists"),
                arguments("missing rule name",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {action: deny}\n",
                        "tools.t.rules[0].name: missing; every rule needs a name, reported in decisions and audit logs"),
                arguments("missing condition op",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, value: 1}]\n",
                        "tools.t.rules[0].conditions[0].op: missing; use one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists"),
                arguments("missing limit max",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"limits\":[{\"counter\":\"c\",\"window\":\"hour\"}]}}}",
                        "tools.t.limits[0].max: missing; the most calls allowed per window, e.g. max: 10"),
                arguments("bad scope",
                        "{\"version\":\"1\",\"tools\":{\"t\":{\"limits\":[{\"counter\":\"c\",\"window\":\"hour\",\"max\":1,\"scope\":\"user\"}]}}}",
                        "tools.t.limits[0].scope: \"user\" is not a scope; use global, grant, identity or session"),
                arguments("evaluate rule with nothing to evaluate",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: r}\n",
                        "tools.t.rules[0]: evaluate rules must have at least one condition (or a state counter); add conditions, or use action: deny to refuse the tool"),
                arguments("in without a list",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: in, value: usd}]\n",
                        "tools.t.rules[0].conditions[0].value: operator \"in\" requires a list value, e.g. [\"usd\", \"eur\"]; got \"usd\""),
                arguments("lt on a boolean",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: lt, value: true}]\n",
                        "tools.t.rules[0].conditions[0].value: operator \"lt\" requires a numeric value (or a string, compared by code point); got true"),
                arguments("exists without a boolean",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: args.x, op: exists, value: 1}]\n",
                        "tools.t.rules[0].conditions[0].value: operator \"exists\" requires true (must be present) or false (must be absent); got 1"),
                arguments("regex on a counter",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: state.t.c, op: regex, value: '1'}]\n        state: {counter: c, window: hour}\n",
                        "tools.t.rules[0].conditions[0].op: operator \"regex\" does not apply to a counter; use eq, neq, in, not_in, lt, lte, gt or gte"),
                arguments("path outside args and state",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - name: r\n        conditions: [{path: arguments.x, op: eq, value: 1}]\n",
                        "tools.t.rules[0].conditions[0].path: path must start with \"args.\" or \"state.\", got \"arguments.x\"; use args.<field> for arguments or state.<tool>.<counter> for counters"),
                arguments("duplicate counter",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: a, rate_limit: 1/hour}\n      - {name: b, rate_limit: 2/hour}\n",
                        "tools.t.rules[1].rate_limit.counter: counter \"_rate_hour\" is already defined by rule \"a\" of tools.t; give this one another name (one rule owns each counter)"),
                arguments("duplicate rule name",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: a, action: deny}\n      - {name: a, action: deny}\n",
                        "tools.t.rules[1].name: duplicate rule name \"a\" in tools.t; give each rule of a tool its own name"),
                arguments("require_approval with a counter",
                        "version: '1'\ntools:\n  t:\n    rules:\n      - {name: a, action: require_approval, state: {counter: c, window: hour}}\n",
                        "tools.t.rules[0].state: require_approval rules cannot hold a counter; put the counter in an evaluate rule of its own"),
                arguments("duplicate hide entry",
                        "{\"version\":\"1\",\"hide\":[\"a\",\"a\"],\"tools\":{}}",
                        "hide[1]: duplicate entry \"a\"; remove the duplicate"),
                arguments("not well-formed YAML",
                        "version: '1'\ntools: [\n",
                        "not well-formed YAML at line 2, column 9: while parsing a flow node; expected the node content, but found '<stream end>'"),
                arguments("empty document",
                        "   \n",
                        "the document is empty; write a policy such as {\"version\": \"1\", \"tools\": {}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneErrorEach")
    void eachErrorSaysWhereAndHowToFixIt(String description, String document, String expected) {
        List<String> errors = Policies.errors(document);
        assertThat(errors).as(description).anySatisfy(line -> assertThat(line).startsWith(expected));
    }

    @Test
    void everyErrorIsReportedAtOnce() throws Exception {
        String text = Files.readString(Policies.resource("invalid-many-errors.yaml"));
        List<String> errors = Policies.errors(text);
        assertThat(errors).hasSize(36);
        assertThat(errors).contains(
                "tools.run_workflow.limits[0].window: \"minit\" is not a window; use second, minute, hour, day or a number of seconds",
                "tools.run_workflow.limits[0].scope: \"team\" is not a scope; use global, grant, identity or session",
                "version: must be \"1\", got \"2\"",
                "hide[0]: entry must not be empty; remove it or write a tool name or glob",
                "tools.t3: must be an object such as {\"rules\": [...]} or {\"limits\": [...]}, got 5");
    }

    @Test
    void invalidPolicyExceptionMessageListsTheErrorsUnderTheSource() {
        assertThatThrownBy(() -> PolicyLoader.parse("{\"version\": \"1\", \"tools\": {}, \"x\": 1, \"y\": 2}", "my.json"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("my.json: 2 error(s)\nx: unknown field")
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors()).extracting(PolicyError::path).containsExactly("x", "y"));
    }

    @Test
    void modelsBuiltInCodeAreValidatedWithModelPaths() {
        Policy model = new Policy("1", null, DefaultAction.DENY, List.of(), List.of(
                new ToolEntry("t", List.of(
                        new Rule("a", Action.DENY, List.of(new Condition("args.x", Op.EQ, Policies.json("1"))), null, null),
                        new Rule("b", Action.EVALUATE, List.of(new Condition("state.t.missing", Op.LTE, Policies.json("1"))), null, null),
                        new Rule("c", Action.EVALUATE, List.of(new Condition("args.x", Op.REGEX, Policies.json("\"[\""))), null,
                                new CounterSpec("c", Window.MINUTE, Scope.GRANT, 0, null)))),
                new ToolEntry("t", List.of())));
        assertThatThrownBy(() -> PolicyCompiler.compile(model, "merged"))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors()).extracting(PolicyError::toString).containsExactlyInAnyOrder(
                        "tools.t: duplicate tool entry \"t\"; merge its rules into one entry",
                        "tools.t.rules[2].state.increment: must be at least 1, got 0",
                        "tools.t.rules[0].conditions: deny rules must not have conditions (they refuse every call); remove the conditions, or use action: evaluate whose conditions say what is allowed",
                        "tools.t.rules[1].conditions[0].path: no rule defines counter \"missing\" for \"t\"; add a state block {counter: missing, window: ...} to a rule of tools.t, or use one of state.t.c",
                        "tools.t.rules[2].conditions[0].value: \"[\" is not a valid RE2 regular expression: missing closing ]; RE2 has no backreferences or lookaround (so matching stays linear)"));
    }
}
