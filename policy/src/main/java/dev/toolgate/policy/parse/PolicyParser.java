package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Op;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a document tree (PolicyLayer policy.json or Intercept policy.yaml, or a mix) into the {@link Policy}
 * model, desugaring {@code limits[]}, {@code rate_limit} and tool-level {@code action} into plain rules.
 * Reports every structural error with its path; semantic checks are {@code PolicyCompiler}'s.
 */
public final class PolicyParser {
    static final Set<String> TOP_FIELDS = ordered("version", "description", "default", "hide", "tools", "grants", "classes");
    static final Set<String> ENTRY_FIELDS = ordered("rules", "limits", "action", "reason", "rate_limit", "description");
    static final Set<String> RULE_FIELDS = ordered("name", "action", "conditions", "on_deny", "reason", "rate_limit", "state");
    static final Set<String> CONDITION_FIELDS = ordered("path", "op", "value");

    private final ParseContext ctx = new ParseContext();
    private final CounterForms counters = new CounterForms(ctx);
    private final GrantsForms grants = new GrantsForms(ctx, counters);

    private PolicyParser() {
    }

    /** Parses a whole document tree. */
    public static ParseResult parse(JsonNode document) {
        PolicyParser parser = new PolicyParser();
        Policy policy = parser.policy(document);
        return new ParseResult(policy, List.copyOf(parser.ctx.errors), parser.ctx.origins, parser.ctx.incomplete);
    }

    static Set<String> ordered(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }


    private Policy policy(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            ctx.error("", "a policy is an object with version, default, hide and tools; got " + ParseContext.describe(doc));
            return new Policy(Policy.VERSION, null, DefaultAction.DENY, List.of(), List.of());
        }
        ctx.unknownFields(doc, "", TOP_FIELDS, "a policy");
        String version = null;
        JsonNode v = doc.get("version");
        if (v == null || v.isNull()) {
            ctx.error("version", "missing; add version: \"1\"");
        } else if (v.isTextual() || v.isIntegralNumber()) {
            version = v.asText();
        } else {
            ctx.error("version", "must be \"1\", got " + ParseContext.describe(v));
        }
        String description = ctx.text(doc, "description", "");
        DefaultAction defaultAction = DefaultAction.ALLOW;
        String def = ctx.text(doc, "default", "");
        if (def != null) {
            switch (def) {
                case "allow" -> defaultAction = DefaultAction.ALLOW;
                case "deny" -> defaultAction = DefaultAction.DENY;
                default -> ctx.error("default", "must be \"allow\" or \"deny\", got \"" + def + "\"");
            }
        }
        List<String> hide = new ArrayList<>();
        JsonNode h = doc.get("hide");
        if (h != null && !h.isNull()) {
            List<String> names = ctx.toolNames(h, "hide");
            if (names != null) {
                hide.addAll(names);
            }
        }
        List<ToolEntry> tools = new ArrayList<>();
        JsonNode t = doc.get("tools");
        if (t == null || t.isNull()) {
            ctx.error("tools", "missing; add tools: {} with an entry per tool (an empty map allows nothing under default: deny)");
        } else if (!t.isObject()) {
            ctx.error("tools", "must be a map from tool name (or glob, or \"*\") to its rules, got " + ParseContext.describe(t));
        } else {
            for (Map.Entry<String, JsonNode> field : t.properties()) {
                ToolEntry entry = entry(field.getKey(), field.getValue(), Paths.field("tools", field.getKey()));
                if (entry != null) {
                    tools.add(entry);
                }
            }
        }
        return new Policy(version, description, defaultAction, hide, tools, grants.grants(doc.get("grants")),
                ClassEntries.parse(doc.get("classes"), ctx, this::entry));
    }

    ToolEntry entry(String name, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return ctx.record(new ToolEntry(name, List.of()), path);
        }
        if (!node.isObject()) {
            ctx.error(path, "must be an object such as {\"rules\": [...]} or {\"limits\": [...]}, got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, ENTRY_FIELDS, "a tool entry");
        String namespace = ToolEntry.WILDCARD.equals(name) ? "_global" : name;
        List<Rule> rules = new ArrayList<>();
        boolean damaged = false;

        String action = ctx.text(node, "action", path);
        String reason = ctx.text(node, "reason", path);
        ctx.text(node, "description", path); // a comment for people (scan writes why); checked, not kept
        String actionPath = Paths.field(path, "action");
        if (action != null) {
            switch (action) {
                case "allow" -> {
                }
                case "deny" -> {
                    rules.add(ctx.record(new Rule(name, Action.DENY, List.of(), reason, null), actionPath));
                    for (String other : List.of("rules", "limits", "rate_limit")) {
                        if (node.hasNonNull(other)) {
                            ctx.error(Paths.field(path, other), "a tool with action: deny refuses every call, so its "
                                    + other + " would never apply; remove " + other + " or the action");
                        }
                    }
                }
                case "require_approval" -> rules.add(ctx.record(new Rule(name, Action.REQUIRE_APPROVAL, List.of(), reason, null), actionPath));
                default -> ctx.error(actionPath, "must be allow, deny or require_approval, got \"" + action + "\"");
            }
        } else if (reason != null) {
            ctx.error(Paths.field(path, "reason"), "a tool-level reason goes with action: deny or action: require_approval; "
                    + "add the action, or put the text in a rule's on_deny");
        }

        JsonNode rulesNode = node.get("rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            String rulesPath = Paths.field(path, "rules");
            if (!rulesNode.isArray()) {
                ctx.error(rulesPath, "must be a list of rules, got " + ParseContext.describe(rulesNode));
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
                ctx.error(limitsPath, "must be a list of {counter, window, max, scope}, got " + ParseContext.describe(limitsNode));
            } else {
                for (int i = 0; i < limitsNode.size(); i++) {
                    Rule rule = counters.limit(limitsNode.get(i), Paths.index(limitsPath, i), namespace);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        JsonNode rateLimit = node.get("rate_limit");
        if (rateLimit != null && !rateLimit.isNull()) {
            Rule rule = counters.rateLimitRule(null, rateLimit, Paths.field(path, "rate_limit"), namespace, null);
            if (rule != null) {
                rules.add(rule);
            } else {
                damaged = true;
            }
        }
        ToolEntry entry = ctx.record(new ToolEntry(name, rules), path);
        if (damaged) {
            ctx.incomplete.add(entry);
        }
        return entry;
    }

    private static Rule withOrigin(Rule rule, RuleOrigin origin) {
        return rule == null || origin.equals(rule.origin()) ? rule
                : new Rule(rule.name(), rule.action(), rule.conditions(), rule.reason(), rule.counter(), origin);
    }

    private Rule rule(JsonNode node, String path, String namespace) {
        if (!node.isObject()) {
            ctx.error(path, "a rule is an object with name, action, conditions, on_deny, state or rate_limit; got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, RULE_FIELDS, Set.of(RuleOrigin.FIELD), "a rule");
        String name = ctx.text(node, "name", path);
        if (name == null && !node.has("name")) {
            ctx.error(Paths.field(path, "name"), "missing; every rule needs a name, reported in decisions and audit logs");
        }
        String onDeny = ctx.text(node, "on_deny", path);
        String reason = ctx.text(node, "reason", path);
        if (onDeny != null && reason != null) {
            ctx.error(Paths.field(path, "reason"), "on_deny and reason are the same field; keep one");
        }
        String message = onDeny != null ? onDeny : reason;
        String ruleName = name == null ? "" : name;
        String toolPolicy = ctx.text(node, RuleOrigin.FIELD, path);
        RuleOrigin origin = toolPolicy == null || toolPolicy.isEmpty() ? RuleOrigin.DOCUMENT : RuleOrigin.toolPolicy(toolPolicy);

        String actionText = ctx.text(node, "action", path);
        Action action = Action.EVALUATE;
        boolean damaged = false;
        if (actionText != null) {
            action = Action.fromKeyword(actionText);
            if (action == null) {
                ctx.error(Paths.field(path, "action"), "must be evaluate, deny or require_approval, got \"" + actionText + "\"");
                action = Action.EVALUATE;
                damaged = true;
            }
        }

        JsonNode rateLimit = node.get("rate_limit");
        if (rateLimit != null && !rateLimit.isNull()) {
            String rlPath = Paths.field(path, "rate_limit");
            boolean conflict = false;
            if (node.hasNonNull("conditions")) {
                ctx.error(Paths.field(path, "conditions"), "rate_limit cannot be combined with conditions; "
                        + "write the limit as a state condition (lte) plus a state block, or split the rule in two");
                conflict = true;
            }
            if (node.hasNonNull("state")) {
                ctx.error(Paths.field(path, "state"), "rate_limit cannot be combined with state; "
                        + "rate_limit already defines its counter, remove one of them");
                conflict = true;
            }
            if (action != Action.EVALUATE) {
                ctx.error(Paths.field(path, "action"), "rate_limit only works with action: evaluate (the default); remove the action");
                conflict = true;
            }
            Rule rule = withOrigin(counters.rateLimitRule(ruleName, rateLimit, rlPath, namespace, message), origin);
            if (rule == null || conflict) {
                if (rule != null) {
                    ctx.incomplete.add(rule);
                }
                return rule;
            }
            ctx.origins.put(rule, path);
            if (name == null) {
                ctx.incomplete.add(rule);
            }
            return rule;
        }

        List<Condition> conditions = new ArrayList<>();
        JsonNode conds = node.get("conditions");
        if (conds != null && !conds.isNull()) {
            String condsPath = Paths.field(path, "conditions");
            if (!conds.isArray()) {
                ctx.error(condsPath, "must be a list of {path, op, value}, got " + ParseContext.describe(conds));
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
            counter = counters.state(state, Paths.field(path, "state"));
            if (counter == null) {
                damaged = true;
            }
        }
        Rule rule = ctx.record(new Rule(ruleName, action, conditions, message, counter, origin), path);
        if (damaged || name == null) {
            ctx.incomplete.add(rule);
        }
        return rule;
    }

    private Condition condition(JsonNode node, String path) {
        if (!node.isObject()) {
            ctx.error(path, "a condition is an object {path, op, value}; got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, CONDITION_FIELDS, "a condition");
        String condPath = ctx.text(node, "path", path);
        if (condPath == null && !node.has("path")) {
            ctx.error(Paths.field(path, "path"), "missing; use args.<field> or state.<tool>.<counter>");
        }
        String opText = ctx.text(node, "op", path);
        Op op = null;
        if (opText == null && !node.has("op")) {
            ctx.error(Paths.field(path, "op"), "missing; use one of " + opList());
        } else if (opText != null) {
            op = Op.fromKeyword(opText);
            if (op == null) {
                String suggestion = Suggestions.closest(opText, opKeywords());
                ctx.error(Paths.field(path, "op"), "unknown operator \"" + opText + "\"; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "") + "use one of " + opList());
            }
        }
        JsonNode value = node.get("value");
        if (value == null) {
            if (op == Op.EXISTS) {
                value = JsonNodeFactory.instance.booleanNode(true);
            } else {
                ctx.error(Paths.field(path, "value"), "missing; the value to compare with");
            }
        }
        if (condPath == null || op == null || value == null) {
            return null;
        }
        return ctx.record(new Condition(condPath, op, value), path);
    }












    private static List<String> opKeywords() {
        return Arrays.stream(Op.values()).map(Op::keyword).toList();
    }

    private static String opList() {
        return String.join(", ", opKeywords());
    }


    /** How a node looks in a message: {@code "text"}, {@code 42}, {@code a list}, {@code an object}. */
    public static String describe(JsonNode node) {
        return ParseContext.describe(node);
    }
}
