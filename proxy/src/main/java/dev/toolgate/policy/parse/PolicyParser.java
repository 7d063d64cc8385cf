package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.policy.PolicyError;
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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a document tree (PolicyLayer policy.json or Intercept policy.yaml, or a mix) into the {@link Policy}
 * model, desugaring {@code limits[]}, {@code rate_limit} and tool-level {@code action} into plain rules.
 * Reports every structural error with its path; semantic checks are {@code PolicyCompiler}'s.
 */
public final class PolicyParser {
    static final Set<String> TOP_FIELDS = ordered("version", "description", "default", "hide", "tools");
    static final Set<String> ENTRY_FIELDS = ordered("rules", "limits", "action", "reason", "rate_limit");
    static final Set<String> RULE_FIELDS = ordered("name", "action", "conditions", "on_deny", "reason", "rate_limit", "state");
    static final Set<String> CONDITION_FIELDS = ordered("path", "op", "value");
    static final Set<String> STATE_FIELDS = ordered("counter", "window", "scope", "increment", "increment_from");
    static final Set<String> LIMIT_FIELDS = ordered("counter", "window", "max", "scope", "increment", "increment_from", "reason");
    static final Set<String> RATE_LIMIT_FIELDS = ordered("max", "window", "scope", "reason");
    private static final Pattern RATE_LIMIT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");
    private static final String WINDOW_FIX = "use second, minute, hour, day or a number of seconds";

    private final List<PolicyError> errors = new ArrayList<>();
    private final Map<Object, String> origins = new IdentityHashMap<>();
    private final Set<Object> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());

    private PolicyParser() {
    }

    /** Parses a whole document tree. */
    public static ParseResult parse(JsonNode document) {
        PolicyParser parser = new PolicyParser();
        Policy policy = parser.policy(document);
        return new ParseResult(policy, List.copyOf(parser.errors), parser.origins, parser.incomplete);
    }

    private static Set<String> ordered(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }

    private void error(String path, String message) {
        errors.add(new PolicyError(path, message));
    }

    private Policy policy(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            error("", "a policy is an object with version, default, hide and tools; got " + describe(doc));
            return new Policy(Policy.VERSION, null, DefaultAction.DENY, List.of(), List.of());
        }
        unknownFields(doc, "", TOP_FIELDS, "a policy");
        String version = null;
        JsonNode v = doc.get("version");
        if (v == null || v.isNull()) {
            error("version", "missing; add version: \"1\"");
        } else if (v.isTextual() || v.isIntegralNumber()) {
            version = v.asText();
        } else {
            error("version", "must be \"1\", got " + describe(v));
        }
        String description = text(doc, "description", "");
        DefaultAction defaultAction = DefaultAction.ALLOW;
        String def = text(doc, "default", "");
        if (def != null) {
            switch (def) {
                case "allow" -> defaultAction = DefaultAction.ALLOW;
                case "deny" -> defaultAction = DefaultAction.DENY;
                default -> error("default", "must be \"allow\" or \"deny\", got \"" + def + "\"");
            }
        }
        List<String> hide = new ArrayList<>();
        JsonNode h = doc.get("hide");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) {
                error("hide", "must be a list of tool names or globs, got " + describe(h));
            } else {
                for (int i = 0; i < h.size(); i++) {
                    JsonNode item = h.get(i);
                    if (item.isTextual()) {
                        hide.add(item.asText());
                    } else {
                        error(Paths.index("hide", i), "must be a tool name or glob (a string), got " + describe(item));
                    }
                }
            }
        }
        List<ToolEntry> tools = new ArrayList<>();
        JsonNode t = doc.get("tools");
        if (t == null || t.isNull()) {
            error("tools", "missing; add tools: {} with an entry per tool (an empty map allows nothing under default: deny)");
        } else if (!t.isObject()) {
            error("tools", "must be a map from tool name (or glob, or \"*\") to its rules, got " + describe(t));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                ToolEntry entry = entry(field.getKey(), field.getValue(), Paths.field("tools", field.getKey()));
                if (entry != null) {
                    tools.add(entry);
                }
            }
        }
        return new Policy(version, description, defaultAction, hide, tools);
    }

    private ToolEntry entry(String name, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return record(new ToolEntry(name, List.of()), path);
        }
        if (!node.isObject()) {
            error(path, "must be an object such as {\"rules\": [...]} or {\"limits\": [...]}, got " + describe(node));
            return null;
        }
        unknownFields(node, path, ENTRY_FIELDS, "a tool entry");
        String namespace = ToolEntry.WILDCARD.equals(name) ? "_global" : name;
        List<Rule> rules = new ArrayList<>();
        boolean damaged = false;

        String action = text(node, "action", path);
        String reason = text(node, "reason", path);
        String actionPath = Paths.field(path, "action");
        if (action != null) {
            switch (action) {
                case "allow" -> {
                }
                case "deny" -> {
                    rules.add(record(new Rule(name, Action.DENY, List.of(), reason, null), actionPath));
                    for (String other : List.of("rules", "limits", "rate_limit")) {
                        if (node.hasNonNull(other)) {
                            error(Paths.field(path, other), "a tool with action: deny refuses every call, so its "
                                    + other + " would never apply; remove " + other + " or the action");
                        }
                    }
                }
                case "require_approval" -> rules.add(record(new Rule(name, Action.REQUIRE_APPROVAL, List.of(), reason, null), actionPath));
                default -> error(actionPath, "must be allow, deny or require_approval, got \"" + action + "\"");
            }
        } else if (reason != null) {
            error(Paths.field(path, "reason"), "a tool-level reason goes with action: deny or action: require_approval; "
                    + "add the action, or put the text in a rule's on_deny");
        }

        JsonNode rulesNode = node.get("rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            String rulesPath = Paths.field(path, "rules");
            if (!rulesNode.isArray()) {
                error(rulesPath, "must be a list of rules, got " + describe(rulesNode));
            } else {
                for (int i = 0; i < rulesNode.size(); i++) {
                    Rule rule = rule(rulesNode.get(i), Paths.index(rulesPath, i), namespace);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        JsonNode limitsNode = node.get("limits");
        if (limitsNode != null && !limitsNode.isNull()) {
            String limitsPath = Paths.field(path, "limits");
            if (!limitsNode.isArray()) {
                error(limitsPath, "must be a list of {counter, window, max, scope}, got " + describe(limitsNode));
            } else {
                for (int i = 0; i < limitsNode.size(); i++) {
                    Rule rule = limit(limitsNode.get(i), Paths.index(limitsPath, i), namespace);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        JsonNode rateLimit = node.get("rate_limit");
        if (rateLimit != null && !rateLimit.isNull()) {
            Rule rule = rateLimitRule(null, rateLimit, Paths.field(path, "rate_limit"), namespace, null);
            if (rule != null) {
                rules.add(rule);
            } else {
                damaged = true;
            }
        }
        ToolEntry entry = record(new ToolEntry(name, rules), path);
        if (damaged) {
            incomplete.add(entry);
        }
        return entry;
    }

    private Rule rule(JsonNode node, String path, String namespace) {
        if (!node.isObject()) {
            error(path, "a rule is an object with name, action, conditions, on_deny, state or rate_limit; got " + describe(node));
            return null;
        }
        unknownFields(node, path, RULE_FIELDS, "a rule");
        String name = text(node, "name", path);
        if (name == null && !node.has("name")) {
            error(Paths.field(path, "name"), "missing; every rule needs a name, reported in decisions and audit logs");
        }
        String onDeny = text(node, "on_deny", path);
        String reason = text(node, "reason", path);
        if (onDeny != null && reason != null) {
            error(Paths.field(path, "reason"), "on_deny and reason are the same field; keep one");
        }
        String message = onDeny != null ? onDeny : reason;
        String ruleName = name == null ? "" : name;

        String actionText = text(node, "action", path);
        Action action = Action.EVALUATE;
        boolean damaged = false;
        if (actionText != null) {
            action = Action.fromKeyword(actionText);
            if (action == null) {
                error(Paths.field(path, "action"), "must be evaluate, deny or require_approval, got \"" + actionText + "\"");
                action = Action.EVALUATE;
                damaged = true;
            }
        }

        JsonNode rateLimit = node.get("rate_limit");
        if (rateLimit != null && !rateLimit.isNull()) {
            String rlPath = Paths.field(path, "rate_limit");
            boolean conflict = false;
            if (node.hasNonNull("conditions")) {
                error(Paths.field(path, "conditions"), "rate_limit cannot be combined with conditions; "
                        + "write the limit as a state condition (lte) plus a state block, or split the rule in two");
                conflict = true;
            }
            if (node.hasNonNull("state")) {
                error(Paths.field(path, "state"), "rate_limit cannot be combined with state; "
                        + "rate_limit already defines its counter, remove one of them");
                conflict = true;
            }
            if (action != Action.EVALUATE) {
                error(Paths.field(path, "action"), "rate_limit only works with action: evaluate (the default); remove the action");
                conflict = true;
            }
            Rule rule = rateLimitRule(ruleName, rateLimit, rlPath, namespace, message);
            if (rule == null || conflict) {
                if (rule != null) {
                    incomplete.add(rule);
                }
                return rule;
            }
            origins.put(rule, path);
            if (name == null) {
                incomplete.add(rule);
            }
            return rule;
        }

        List<Condition> conditions = new ArrayList<>();
        JsonNode conds = node.get("conditions");
        if (conds != null && !conds.isNull()) {
            String condsPath = Paths.field(path, "conditions");
            if (!conds.isArray()) {
                error(condsPath, "must be a list of {path, op, value}, got " + describe(conds));
                damaged = true;
            } else {
                for (int i = 0; i < conds.size(); i++) {
                    Condition c = condition(conds.get(i), Paths.index(condsPath, i));
                    if (c == null) {
                        damaged = true;
                    } else {
                        conditions.add(c);
                    }
                }
            }
        }
        CounterSpec counter = null;
        JsonNode state = node.get("state");
        if (state != null && !state.isNull()) {
            counter = state(state, Paths.field(path, "state"));
            if (counter == null) {
                damaged = true;
            }
        }
        Rule rule = record(new Rule(ruleName, action, conditions, message, counter), path);
        if (damaged || name == null) {
            incomplete.add(rule);
        }
        return rule;
    }

    private Condition condition(JsonNode node, String path) {
        if (!node.isObject()) {
            error(path, "a condition is an object {path, op, value}; got " + describe(node));
            return null;
        }
        unknownFields(node, path, CONDITION_FIELDS, "a condition");
        String condPath = text(node, "path", path);
        if (condPath == null && !node.has("path")) {
            error(Paths.field(path, "path"), "missing; use args.<field> or state.<tool>.<counter>");
        }
        String opText = text(node, "op", path);
        Op op = null;
        if (opText == null && !node.has("op")) {
            error(Paths.field(path, "op"), "missing; use one of " + opList());
        } else if (opText != null) {
            op = Op.fromKeyword(opText);
            if (op == null) {
                String suggestion = Suggestions.closest(opText, opKeywords());
                error(Paths.field(path, "op"), "unknown operator \"" + opText + "\"; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "") + "use one of " + opList());
            }
        }
        JsonNode value = node.get("value");
        if (value == null) {
            if (op == Op.EXISTS) {
                value = JsonNodeFactory.instance.booleanNode(true);
            } else {
                error(Paths.field(path, "value"), "missing; the value to compare with");
            }
        }
        if (condPath == null || op == null || value == null) {
            return null;
        }
        return record(new Condition(condPath, op, value), path);
    }

    private CounterSpec state(JsonNode node, String path) {
        if (!node.isObject()) {
            error(path, "state is an object {counter, window, scope, increment, increment_from}; got " + describe(node));
            return null;
        }
        unknownFields(node, path, STATE_FIELDS, "a state block");
        return counterSpec(node, path, text(node, "counter", path));
    }

    private CounterSpec counterSpec(JsonNode node, String path, String counter) {
        boolean ok = true;
        if (counter == null) {
            if (!node.has("counter")) {
                error(Paths.field(path, "counter"), "missing; name the counter, e.g. counter: hourly_calls");
            }
            ok = false;
        }
        Window window = window(node.get("window"), Paths.field(path, "window"));
        ok &= window != null;
        Scope scope = Scope.GLOBAL;
        String scopeText = text(node, "scope", path);
        if (scopeText != null) {
            scope = Scope.fromKeyword(scopeText);
            if (scope == null) {
                error(Paths.field(path, "scope"), "\"" + scopeText + "\" is not a scope; use global, grant, identity or session");
                ok = false;
            }
        }
        long increment = 1;
        JsonNode inc = node.get("increment");
        if (inc != null && !inc.isNull()) {
            if (!inc.isIntegralNumber() || !inc.canConvertToLong()) {
                error(Paths.field(path, "increment"), "must be a whole number of at least 1, got " + describe(inc));
                ok = false;
            } else {
                increment = inc.asLong();
            }
        }
        String incrementFrom = text(node, "increment_from", path);
        if (!ok) {
            return null;
        }
        CounterSpec spec = new CounterSpec(counter, window, scope, increment, incrementFrom);
        origins.put(spec, path);
        return spec;
    }

    private Rule limit(JsonNode node, String path, String namespace) {
        if (!node.isObject()) {
            error(path, "a limit is an object {counter, window, max, scope}; got " + describe(node));
            return null;
        }
        unknownFields(node, path, LIMIT_FIELDS, "a limit");
        String counter = text(node, "counter", path);
        JsonNode max = max(node, path);
        CounterSpec spec = counterSpec(node, path, counter);
        if (spec == null || max == null) {
            return null;
        }
        Condition limit = new Condition("state." + namespace + "." + counter, Op.LTE, max);
        origins.put(limit, Paths.field(path, "max"));
        return record(new Rule(counter, Action.EVALUATE, List.of(limit), text(node, "reason", path), spec), path);
    }

    private JsonNode max(JsonNode node, String path) {
        JsonNode max = node.get("max");
        if (max == null || max.isNull()) {
            error(Paths.field(path, "max"), "missing; the most calls allowed per window, e.g. max: 10");
            return null;
        }
        if (!max.isIntegralNumber() || max.bigIntegerValue().signum() < 0) {
            error(Paths.field(path, "max"), "must be a whole number of at least 0, got " + describe(max));
            return null;
        }
        return max;
    }

    /** {@code rate_limit: "10/minute"} or {@code rate_limit: {max: 10, window: 60, scope: grant}}. */
    private Rule rateLimitRule(String name, JsonNode node, String path, String namespace, String message) {
        JsonNode max;
        Window window;
        Scope scope = Scope.GLOBAL;
        String reason = message;
        if (node.isTextual()) {
            Matcher m = RATE_LIMIT.matcher(node.asText());
            if (!m.matches()) {
                error(path, "\"" + node.asText() + "\" is not a rate limit; write N/window such as 10/minute (window: " + WINDOW_FIX + ")");
                return null;
            }
            max = numberNode(new BigInteger(m.group(1)));
            window = windowText(m.group(2), path);
        } else if (node.isObject()) {
            unknownFields(node, path, RATE_LIMIT_FIELDS, "a rate_limit block");
            max = max(node, path);
            window = window(node.get("window"), Paths.field(path, "window"));
            String scopeText = text(node, "scope", path);
            if (scopeText != null) {
                scope = Scope.fromKeyword(scopeText);
                if (scope == null) {
                    error(Paths.field(path, "scope"), "\"" + scopeText + "\" is not a scope; use global, grant, identity or session");
                    return null;
                }
            }
            String r = text(node, "reason", path);
            if (r != null) {
                reason = r;
            }
        } else {
            error(path, "must be N/window such as \"10/minute\" or {max: 10, window: 60}; got " + describe(node));
            return null;
        }
        if (max == null || window == null) {
            return null;
        }
        String counter = "_rate_" + (window.name() != null ? window.name() : window.seconds() + "s");
        if (reason == null) {
            reason = "Rate limit of " + max.asText() + " per " + window.describe() + " reached. Try again later.";
        }
        CounterSpec spec = new CounterSpec(counter, window, scope, 1, null);
        origins.put(spec, path);
        Condition limit = new Condition("state." + namespace + "." + counter, Op.LTE, max);
        origins.put(limit, path);
        return record(new Rule(name == null ? counter : name, Action.EVALUATE, List.of(limit), reason, spec), path);
    }

    private static JsonNode numberNode(BigInteger value) {
        return value.bitLength() < 32 ? IntNode.valueOf(value.intValue()) : JsonNodeFactory.instance.numberNode(value);
    }

    private Window window(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            error(path, "missing; " + WINDOW_FIX);
            return null;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() < 1) {
                error(path, node.asText() + " is not a window; a number of seconds is at least 1 (or " + WINDOW_FIX + ")");
                return null;
            }
            return new Window(node.asLong());
        }
        if (node.isTextual()) {
            return windowText(node.asText(), path);
        }
        error(path, describe(node) + " is not a window; " + WINDOW_FIX);
        return null;
    }

    private Window windowText(String text, String path) {
        Window named = Window.named(text);
        if (named != null) {
            return named;
        }
        if (text.matches("\\d{1,18}") && Long.parseLong(text) >= 1) {
            return new Window(Long.parseLong(text));
        }
        error(path, "\"" + text + "\" is not a window; " + WINDOW_FIX);
        return null;
    }

    /** A string field: its value, null when absent or null, null plus an error when not a string. */
    private String text(JsonNode node, String field, String parentPath) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            error(Paths.field(parentPath, field), "must be a string, got " + describe(value));
            return null;
        }
        return value.asText();
    }

    private void unknownFields(JsonNode node, String path, Set<String> known, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                String suggestion = Suggestions.closest(name, known);
                error(Paths.field(path, name), "unknown field in " + what + "; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "")
                        + "known fields: " + String.join(", ", known));
            }
        }
    }

    private <T> T record(T modelObject, String path) {
        origins.put(modelObject, path);
        return modelObject;
    }

    private static List<String> opKeywords() {
        return Arrays.stream(Op.values()).map(Op::keyword).toList();
    }

    private static String opList() {
        return String.join(", ", opKeywords());
    }

    /** How a node looks in a message: {@code "text"}, {@code 42}, {@code a list}, {@code an object}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing (null)";
        } else if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        } else if (node.isArray()) {
            return "a list";
        } else if (node.isObject()) {
            return "an object";
        }
        return node.toString();
    }
}
