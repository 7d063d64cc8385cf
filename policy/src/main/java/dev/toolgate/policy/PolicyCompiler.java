package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.PatternSyntaxException;
import dev.toolgate.policy.eval.ArgCondition;
import dev.toolgate.policy.eval.ArgPath;
import dev.toolgate.policy.eval.CompiledCounter;
import dev.toolgate.policy.eval.CompiledRule;
import dev.toolgate.policy.eval.GrantTable;
import dev.toolgate.policy.eval.StateCondition;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.Op;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.ToolEntry;
import dev.toolgate.policy.parse.ParseResult;
import dev.toolgate.policy.parse.Paths;
import dev.toolgate.policy.parse.PolicyParser;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates a {@link Policy} model (loaded or built in code) and compiles it into a {@link CompiledPolicy}:
 * every error at once, each with its path and a fix. Semantic checks live here (counters defined and unique,
 * operators and values that fit, regexes that compile, deny rules without conditions, ...); the parser
 * reports what cannot even be put into the model.
 */
public final class PolicyCompiler {
    private static final Pattern COUNTER_NAME = Pattern.compile("[A-Za-z0-9_/-]+");

    private final Policy policy;
    private final Map<Object, String> origins;
    private final Set<Object> incomplete;
    private final List<PolicyError> errors;
    /** counter id (namespace.name) → where it is defined. */
    private final Map<String, CompiledCounter> counters = new LinkedHashMap<>();
    private final Map<String, String> counterOwners = new HashMap<>();

    private PolicyCompiler(Policy policy, Map<Object, String> origins, Set<Object> incomplete, List<PolicyError> earlier) {
        this.policy = policy;
        this.origins = origins;
        this.incomplete = incomplete;
        this.errors = new ArrayList<>(earlier);
    }

    /** Validates and compiles a model built in code; errors carry model paths such as {@code tools.x.rules[0]}. */
    public static CompiledPolicy compile(Policy policy, String source) throws InvalidPolicyException {
        return new PolicyCompiler(policy, new IdentityHashMap<>(), Set.of(), List.of()).run(source);
    }

    /** Validates and compiles a parsed document together with the errors found before (reading, parsing). */
    static CompiledPolicy compile(ParseResult parsed, List<PolicyError> earlier, String source) throws InvalidPolicyException {
        List<PolicyError> all = new ArrayList<>(earlier);
        all.addAll(parsed.errors());
        return new PolicyCompiler(parsed.policy(), parsed.origins(), parsed.incomplete(), all).run(source);
    }

    /** Parses and compiles a document tree. */
    static CompiledPolicy compile(JsonNode document, List<PolicyError> earlier, String source) throws InvalidPolicyException {
        return compile(PolicyParser.parse(document), earlier, source);
    }

    private String where(Object modelObject, String modelPath) {
        String origin = origins.get(modelObject);
        return origin != null ? origin : modelPath;
    }

    private void error(String path, String message) {
        errors.add(new PolicyError(path, message));
    }

    private CompiledPolicy run(String source) throws InvalidPolicyException {
        if (!Policy.VERSION.equals(policy.version())) {
            error("version", "must be \"1\", got \"" + policy.version() + "\"");
        }
        checkHide();
        checkToolNames();
        ClassMembers.check(policy, errors);
        defineCounters();
        Map<ToolEntry, CompiledRule[]> compiled = new LinkedHashMap<>();
        for (int t = 0; t < policy.tools().size(); t++) {
            ToolEntry entry = policy.tools().get(t);
            compiled.put(entry, compileEntry(entry, Paths.field("tools", entry.name())));
        }
        GrantTable grants = new GrantsCompiler(policy, origins, incomplete, errors).compile();
        Map<ClassEntry, CompiledRule[]> classes = new LinkedHashMap<>();
        for (ClassEntry entry : policy.classes()) {
            classes.put(entry, compileEntry(entry.asToolEntry(), Paths.field("classes", entry.key())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(source, errors);
        }
        return new CompiledPolicy(policy, source, compiled, grants, classes);
    }

    private void checkHide() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < policy.hide().size(); i++) {
            String name = policy.hide().get(i);
            if (name == null || name.isBlank()) {
                error(Paths.index("hide", i), "entry must not be empty; remove it or write a tool name or glob");
            } else if (!seen.add(name)) {
                error(Paths.index("hide", i), "duplicate entry \"" + name + "\"; remove the duplicate");
            }
        }
    }

    private void checkToolNames() {
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < policy.tools().size(); t++) {
            ToolEntry entry = policy.tools().get(t);
            if (entry.name().isEmpty()) {
                error(where(entry, "tools[" + t + "]"), "a tool entry needs a name, a glob such as github_* or \"*\"");
            } else if (!seen.add(entry.name())) {
                error(where(entry, Paths.field("tools", entry.name())), "duplicate tool entry \"" + entry.name()
                        + "\"; merge its rules into one entry");
            }
        }
    }

    private static String rulePath(String entryPath, int index) {
        return Paths.index(Paths.field(entryPath, "rules"), index);
    }

    private void defineCounters() {
        Map<ToolEntry, String> entries = new LinkedHashMap<>();
        policy.tools().forEach(entry -> entries.put(entry, Paths.field("tools", entry.name())));
        policy.classes().forEach(entry -> entries.put(entry.asToolEntry(), Paths.field("classes", entry.key())));
        for (Map.Entry<ToolEntry, String> pathed : entries.entrySet()) {
            ToolEntry entry = pathed.getKey();
            String entryPath = pathed.getValue();
            for (int r = 0; r < entry.rules().size(); r++) {
                Rule rule = entry.rules().get(r);
                CounterSpec spec = rule.counter();
                if (spec == null || rule.action() != Action.EVALUATE) {
                    continue;
                }
                String path = where(spec, Paths.field(rulePath(entryPath, r), "state"));
                boolean ok = checkCounter(spec, path, errors);
                String id = CounterSpec.id(entry.counterNamespace(), spec.name());
                if (counterOwners.containsKey(id)) {
                    error(Paths.field(path, "counter"), "counter \"" + spec.name() + "\" is already defined by "
                            + counterOwners.get(id) + "; give this one another name (one rule owns each counter)");
                    ok = false;
                }
                if (ok) {
                    counterOwners.put(id, "rule \"" + rule.name() + "\" of " + entryPath);
                    counters.put(id, new CompiledCounter(entry.counterNamespace(), spec));
                }
            }
        }
    }

    /** The checks every counter definition gets (name, increment, increment_from); true when it can be compiled. */
    static boolean checkCounter(CounterSpec spec, String path, List<PolicyError> errors) {
        boolean ok = true;
        if (!COUNTER_NAME.matcher(spec.name()).matches()) {
            errors.add(new PolicyError(Paths.field(path, "counter"), "\"" + spec.name()
                    + "\" is not a counter name; use letters, digits, _, - and / (no dots)"));
            ok = false;
        }
        if (spec.incrementFrom() == null && spec.increment() < 1) {
            errors.add(new PolicyError(Paths.field(path, "increment"), "must be at least 1, got " + spec.increment()));
        } else if (spec.incrementFrom() != null && spec.increment() != 1) {
            errors.add(new PolicyError(Paths.field(path, "increment"), "increment and increment_from exclude each other; keep one"));
        }
        if (spec.incrementFrom() != null && !ArgPath.valid(spec.incrementFrom())) {
            errors.add(new PolicyError(Paths.field(path, "increment_from"), "\"" + spec.incrementFrom()
                    + "\" is not an argument path; write args.<field>, e.g. args.amount"));
            ok = false;
        }
        return ok;
    }

    private CompiledRule[] compileEntry(ToolEntry entry, String entryPath) {
        List<CompiledRule> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int r = 0; r < entry.rules().size(); r++) {
            Rule rule = entry.rules().get(r);
            String path = where(rule, rulePath(entryPath, r));
            boolean complete = !incomplete.contains(rule);
            if (complete && rule.name().isBlank()) {
                error(Paths.field(path, "name"), "a rule needs a name, reported in decisions and audit logs");
            } else if (!rule.name().isBlank() && !names.add(rule.name())) {
                error(Paths.field(path, "name"), "duplicate rule name \"" + rule.name() + "\" in " + entryPath
                        + "; give each rule of a tool its own name");
            }
            switch (rule.action()) {
                case DENY -> {
                    if (!rule.conditions().isEmpty()) {
                        error(Paths.field(path, "conditions"), "deny rules must not have conditions (they refuse every call); "
                                + "remove the conditions, or use action: evaluate whose conditions say what is allowed");
                    }
                    if (rule.counter() != null) {
                        error(Paths.field(path, "state"), "deny rules must not have a counter (no call gets through to count); remove state");
                    }
                }
                case EVALUATE -> {
                    if (complete && rule.conditions().isEmpty() && rule.counter() == null) {
                        error(path, "evaluate rules must have at least one condition (or a state counter); "
                                + "add conditions, or use action: deny to refuse the tool");
                    }
                }
                case REQUIRE_APPROVAL -> {
                    if (rule.counter() != null) {
                        error(Paths.field(path, "state"), "require_approval rules cannot hold a counter; put the counter in an evaluate rule of its own");
                    }
                }
            }
            CompiledRule compiled = compileRule(entry, rule, path);
            if (compiled != null) {
                result.add(compiled);
            }
        }
        return result.toArray(CompiledRule[]::new);
    }

    private CompiledRule compileRule(ToolEntry entry, Rule rule, String path) {
        CompiledCounter own = rule.counter() == null || rule.action() != Action.EVALUATE ? null
                : counters.get(CounterSpec.id(entry.counterNamespace(), rule.counter().name()));
        List<ArgCondition> args = new ArrayList<>();
        List<StateCondition> states = new ArrayList<>();
        long limit = Long.MAX_VALUE;
        boolean ok = true;
        for (int c = 0; c < rule.conditions().size(); c++) {
            Condition condition = rule.conditions().get(c);
            String cpath = where(condition, Paths.index(Paths.field(path, "conditions"), c));
            if (condition.isState()) {
                CompiledCounter counter = stateCounter(condition, cpath);
                if (counter == null || !checkStateValue(condition, cpath)) {
                    ok = false;
                    continue;
                }
                if (counter == own && (condition.op() == Op.LT || condition.op() == Op.LTE)) {
                    limit = Math.min(limit, limitOf(condition));
                } else {
                    states.add(new StateCondition(condition, counter));
                }
            } else if (condition.path().startsWith("args.")) {
                if (!ArgPath.valid(condition.path())) {
                    error(Paths.field(cpath, "path"), "\"" + condition.path() + "\" is not an argument path; write args.<field>[.<field>...]");
                    ok = false;
                } else if (checkArgValue(condition, cpath)) {
                    args.add(new ArgCondition(condition));
                } else {
                    ok = false;
                }
            } else {
                error(Paths.field(cpath, "path"), "path must start with \"args.\" or \"state.\", got \"" + condition.path()
                        + "\"; use args.<field> for arguments or state.<tool>.<counter> for counters");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        return new CompiledRule(rule, args.toArray(ArgCondition[]::new), states.toArray(StateCondition[]::new), own, limit,
                rule.action() == Action.DENY);
    }

    /** lte N allows up to floor(N); lt N up to ceil(N) - 1. */
    static long limitOf(Condition condition) {
        BigDecimal value = condition.value().decimalValue();
        BigDecimal max = condition.op() == Op.LTE ? value.setScale(0, RoundingMode.FLOOR)
                : value.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
        if (max.compareTo(BigDecimal.valueOf(Long.MAX_VALUE - 1)) >= 0) {
            return Long.MAX_VALUE - 1;
        }
        return max.compareTo(BigDecimal.valueOf(-1)) < 0 ? -1 : max.longValueExact();
    }

    private CompiledCounter stateCounter(Condition condition, String cpath) {
        String rest = condition.path().substring(CounterSpec.STATE_PREFIX.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            error(Paths.field(cpath, "path"), "\"" + condition.path() + "\" is not a counter path; write state.<tool>.<counter> "
                    + "(state._global.<counter> for counters of the \"*\" entry)");
            return null;
        }
        String namespace = rest.substring(0, dot);
        String name = rest.substring(dot + 1);
        CompiledCounter counter = counters.get(rest);
        if (counter == null) {
            Set<String> known = new TreeSet<>();
            for (String id : counters.keySet()) {
                known.add(CounterSpec.STATE_PREFIX + id);
            }
            error(Paths.field(cpath, "path"), "no rule defines counter \"" + name + "\" for \"" + namespace
                    + "\"; add a state block {counter: " + name + ", window: ...} to a rule of tools."
                    + ("_global".equals(namespace) ? "\"*\"" : namespace)
                    + (known.isEmpty() ? " (this policy defines no counters)" : ", or use one of " + String.join(", ", known)));
        }
        return counter;
    }

    private boolean checkStateValue(Condition condition, String cpath) {
        JsonNode value = condition.value();
        String vpath = Paths.field(cpath, "value");
        switch (condition.op()) {
            case EQ, NEQ, LT, LTE, GT, GTE -> {
                if (!value.isNumber()) {
                    error(vpath, "a counter is a number; operator \"" + condition.op().keyword() + "\" on it needs a numeric value, got "
                            + PolicyParser.describe(value));
                    return false;
                }
            }
            case IN, NOT_IN -> {
                if (!value.isArray() || !allNumbers(value)) {
                    error(vpath, "operator \"" + condition.op().keyword() + "\" on a counter needs a list of numbers, got " + PolicyParser.describe(value));
                    return false;
                }
            }
            default -> {
                error(Paths.field(cpath, "op"), "operator \"" + condition.op().keyword() + "\" does not apply to a counter; "
                        + "use eq, neq, in, not_in, lt, lte, gt or gte");
                return false;
            }
        }
        return true;
    }

    private static boolean allNumbers(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private boolean checkArgValue(Condition condition, String cpath) {
        JsonNode value = condition.value();
        String vpath = Paths.field(cpath, "value");
        String op = condition.op().keyword();
        switch (condition.op()) {
            case IN, NOT_IN -> {
                if (!value.isArray()) {
                    error(vpath, "operator \"" + op + "\" requires a list value, e.g. [\"usd\", \"eur\"]; got " + PolicyParser.describe(value));
                    return false;
                }
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isContainerNode()) {
                        error(Paths.index(vpath, i), "list items of \"" + op + "\" are strings, numbers, booleans or null; got "
                                + PolicyParser.describe(value.get(i)));
                        return false;
                    }
                }
            }
            case LT, LTE, GT, GTE -> {
                if (!value.isNumber() && !value.isTextual()) {
                    error(vpath, "operator \"" + op + "\" requires a numeric value (or a string, compared by code point); got "
                            + PolicyParser.describe(value));
                    return false;
                }
            }
            case REGEX -> {
                if (!value.isTextual()) {
                    error(vpath, "operator \"regex\" requires a string value (an RE2 regular expression); got " + PolicyParser.describe(value));
                    return false;
                }
                try {
                    com.google.re2j.Pattern.compile(value.asText());
                } catch (PatternSyntaxException e) {
                    error(vpath, "\"" + value.asText() + "\" is not a valid RE2 regular expression: " + e.getDescription()
                            + "; RE2 has no backreferences or lookaround (so matching stays linear)");
                    return false;
                }
            }
            case EXISTS -> {
                if (!value.isBoolean()) {
                    error(vpath, "operator \"exists\" requires true (must be present) or false (must be absent); got " + PolicyParser.describe(value));
                    return false;
                }
            }
            case CONTAINS -> {
                if (value.isContainerNode() || value.isNull()) {
                    error(vpath, "operator \"contains\" requires a string (substring) or a scalar (list element); got " + PolicyParser.describe(value));
                    return false;
                }
            }
            case EQ, NEQ -> {
            }
        }
        return true;
    }
}
