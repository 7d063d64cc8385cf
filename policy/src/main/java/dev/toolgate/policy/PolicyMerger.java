package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Merges several named policies (the ToolPolicies of one McpServer) into the one policy a proxy enforces, so that
 * a call goes through only if every policy lets it through. Deterministic:
 * <ul>
 *   <li>policies are taken in name order; entries of the same tool (or glob, or "*") are joined, their rules
 *       concatenated, every rule renamed {@code <policy>/<rule>} (the proxy's Events name the ToolPolicy from that
 *       prefix). All rules of all matching entries must pass, so a deny anywhere beats an allow anywhere;</li>
 *   <li>every limit applies: each policy keeps its own counters (renamed {@code <policy>/<counter>}, with the
 *       {@code state.} conditions reading them), so one policy's limit never consumes another's;</li>
 *   <li>{@code hide} is the union; {@code default: deny} if any policy says so;</li>
 *   <li>a tool listed by one policy but not by a default-deny one is denied by a rule {@code <policy>/unlisted}:
 *       being listed elsewhere does not undo that policy's default;</li>
 *   <li>{@code grants:} entries add up, each keeping its ToolPolicy and its limits ({@link GrantsMerge}).</li>
 *   <li>class entries ({@code classes:}) are joined like tool entries (see {@link ClassMerge}).</li>
 * </ul>
 * Nothing is resolved silently. Differences these rules resolve (different defaults, a deny or hide against a
 * listing, one counter name defined differently) are {@linkplain Result#warnings() warnings}; what they cannot
 * express (a glob a default-deny policy does not list too, a merged policy that does not compile) is a
 * {@linkplain Result#conflicts() conflict}, and then there is no merged policy.
 * <p>
 * The operator merges the accepted documents of an McpServer's ToolPolicies with {@link #mergeDocuments(Map)} and
 * writes {@link Result#document()} to the proxy's ConfigMap.
 */
public final class PolicyMerger {
    private PolicyMerger() {
    }

    /**
     * @param policy    the merged, valid model; null when there are conflicts
     * @param warnings  differences the merge rules resolved, e.g. {@code default: deny wins, as b says deny while a says allow}
     * @param conflicts differences no rule resolves; the merge must not be applied
     */
    public record Result(Policy policy, List<String> warnings, List<String> conflicts) {
        public Result {
            warnings = List.copyOf(warnings);
            conflicts = List.copyOf(conflicts);
        }

        public boolean applicable() {
            return policy != null && conflicts.isEmpty();
        }

        /** The merged policy as a JSON document (what the operator writes for the proxy); null when not applicable. */
        public ObjectNode document() {
            return applicable() ? PolicyWriter.toTree(policy) : null;
        }
    }

    /**
     * Merges policy documents keyed by name (the accepted policies of ToolPolicies); the map's order does not matter.
     * Each document is read into a model first: one that no longer validates is a conflict, and then nothing is merged.
     */
    public static Result mergeDocuments(Map<String, ? extends JsonNode> byName) {
        Map<String, Policy> models = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        new TreeMap<>(byName).forEach((name, document) -> {
            try {
                models.put(name, PolicyLoader.fromTree(document, "toolpolicy " + name).model());
            } catch (InvalidPolicyException e) {
                invalid.add("ToolPolicy " + name + " no longer validates: " + errors(e));
            }
        });
        if (!invalid.isEmpty()) {
            return new Result(null, List.of(), invalid);
        }
        return merge(models);
    }

    /** Merges policies keyed by name (a ToolPolicy's metadata.name); the map's order does not matter. */
    public static Result merge(Map<String, Policy> byName) {
        Map<String, Policy> models = new TreeMap<>(byName);
        List<String> warnings = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();

        DefaultAction defaultAction = defaultAction(models, warnings);
        Set<String> hide = new LinkedHashSet<>();
        Map<String, List<Rule>> tools = new LinkedHashMap<>();
        Map<String, String> counterDefinitions = new LinkedHashMap<>();
        models.forEach((name, policy) -> {
            hide.addAll(policy.hide());
            for (ToolEntry entry : policy.tools()) {
                List<Rule> rules = tools.computeIfAbsent(entry.name(), n -> new ArrayList<>());
                for (Rule rule : entry.rules()) {
                    rules.add(prefixed(name, rule));
                    noteCounter(name, entry, rule, counterDefinitions, warnings);
                }
            }
        });
        List<Grant> grants = GrantsMerge.merge(models, warnings);
        Map<String, ClassEntry> classes = ClassMerge.classes(models, PolicyMerger::prefixed,
                (name, entry, rule) -> noteCounter(name, entry, rule, counterDefinitions, warnings));
        noteRefusalsOfListedTools(models, warnings);
        denyUnlisted(models, tools, conflicts);
        ClassMerge.check(models, classes, conflicts);
        if (!conflicts.isEmpty()) {
            return new Result(null, warnings, conflicts);
        }

        String description = models.size() == 1
                ? models.values().iterator().next().description()
                : "ToolPolicies " + String.join(", ", models.keySet()) + " merged by the Toolgate operator";
        Policy merged = new Policy(Policy.VERSION, description, defaultAction, List.copyOf(hide),
                tools.entrySet().stream().map(e -> new ToolEntry(e.getKey(), e.getValue())).toList(), grants,
                List.copyOf(classes.values()));
        try {
            PolicyCompiler.compile(merged, "merge of " + String.join(", ", models.keySet()));
        } catch (InvalidPolicyException e) {
            conflicts.add("the merged policy is invalid: " + errors(e));
            return new Result(null, warnings, conflicts);
        }
        return new Result(merged, warnings, conflicts);
    }

    private static String errors(InvalidPolicyException e) {
        return e.errors().stream().map(PolicyError::toString).collect(Collectors.joining("; "));
    }

    private static DefaultAction defaultAction(Map<String, Policy> models, List<String> warnings) {
        Map<DefaultAction, List<String>> byDefault = models.entrySet().stream().collect(Collectors.groupingBy(
                e -> e.getValue().defaultAction(), LinkedHashMap::new, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        if (byDefault.size() > 1) {
            warnings.add("default: deny wins, as " + String.join(", ", byDefault.get(DefaultAction.DENY))
                    + " say(s) deny while " + String.join(", ", byDefault.get(DefaultAction.ALLOW)) + " say(s) allow");
        }
        return byDefault.containsKey(DefaultAction.DENY) ? DefaultAction.DENY : DefaultAction.ALLOW;
    }

    /** The rule renamed into its policy's namespace: name prefixed, its counter and the counters it reads private. */
    static Rule prefixed(String policy, Rule rule) {
        List<Condition> conditions = rule.conditions().stream()
                .map(c -> c.isState() ? new Condition(privateCounterPath(policy, c.path()), c.op(), c.value()) : c)
                .toList();
        CounterSpec counter = rule.counter() == null ? null : new CounterSpec(privateCounter(policy, rule.counter().name()),
                rule.counter().window(), rule.counter().scope(), rule.counter().increment(), rule.counter().incrementFrom());
        return new Rule(policy + "/" + rule.name(), rule.action(), conditions, rule.reason(), counter, RuleOrigin.toolPolicy(policy));
    }

    /** Counter names allow letters, digits, _, - and /, but no dots, which ToolPolicy names may hold. */
    static String privateCounter(String policy, String counter) {
        return policy.replace('.', '_') + "/" + counter;
    }

    /** {@code state.<namespace>.<counter>}: the counter is the last segment (it has no dots; tool names may). */
    private static String privateCounterPath(String policy, String path) {
        int dot = path.lastIndexOf('.');
        return path.substring(0, dot + 1) + privateCounter(policy, path.substring(dot + 1));
    }

    static void noteCounter(String policy, ToolEntry entry, Rule rule, Map<String, String> definitions, List<String> warnings) {
        if (rule.counter() == null) {
            return;
        }
        CounterSpec spec = rule.counter();
        String id = CounterSpec.id(entry.counterNamespace(), spec.name());
        String definition = spec.window().describe() + ", scope " + spec.scope().keyword() + ", "
                + (spec.incrementFrom() != null ? "increment from " + spec.incrementFrom() : "increment " + spec.increment());
        String first = definitions.putIfAbsent(id, policy + " (" + definition + ")");
        if (first != null && !first.endsWith("(" + definition + ")")) {
            warnings.add("counter " + id + " is defined differently by " + first + " and " + policy + " (" + definition
                    + "); each ToolPolicy keeps its own counter, so both limits apply");
        }
    }

    /** A tool one policy denies outright or hides while another lists it: deny wins, and the user is told. */
    private static void noteRefusalsOfListedTools(Map<String, Policy> models, List<String> warnings) {
        Map<String, Set<String>> listedBy = new LinkedHashMap<>();
        Map<String, List<String>> deniedBy = new LinkedHashMap<>();
        Map<String, Set<String>> hiddenBy = new LinkedHashMap<>();
        models.forEach((name, policy) -> {
            policy.hide().forEach(h -> hiddenBy.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(name));
            for (ToolEntry entry : policy.tools()) {
                List<String> denyRules = entry.rules().stream().filter(r -> r.action() == Action.DENY && r.conditions().isEmpty())
                        .map(r -> name + " (rule \"" + name + "/" + r.name() + "\")").toList();
                if (denyRules.isEmpty()) {
                    listedBy.computeIfAbsent(entry.name(), k -> new LinkedHashSet<>()).add(name);
                } else {
                    deniedBy.computeIfAbsent(entry.name(), k -> new ArrayList<>()).addAll(denyRules);
                }
            }
        });
        listedBy.forEach((tool, listers) -> {
            if (deniedBy.containsKey(tool)) {
                warnings.add("tool \"" + tool + "\": denied by " + String.join(", ", deniedBy.get(tool)) + ", listed by "
                        + String.join(", ", listers) + "; deny wins");
            }
            hiddenBy.forEach((pattern, hiders) -> {
                if (pattern.equals(tool) || new Glob(pattern).matches(tool)) {
                    warnings.add("tool \"" + tool + "\": hidden by " + String.join(", ", hiders)
                            + (pattern.equals(tool) ? "" : " (hide: " + pattern + ")") + ", listed by "
                            + String.join(", ", listers) + "; hide wins");
                }
            });
        });
    }

    /** A default-deny policy denies what it does not list, even when another policy lists it. */
    private static void denyUnlisted(Map<String, Policy> models, Map<String, List<Rule>> tools, List<String> conflicts) {
        models.forEach((name, policy) -> {
            if (policy.defaultAction() != DefaultAction.DENY) {
                return;
            }
            for (Map.Entry<String, List<Rule>> tool : tools.entrySet()) {
                String entry = tool.getKey();
                if (ToolEntry.WILDCARD.equals(entry) || lists(policy, entry)) {
                    continue;
                }
                if (Glob.isGlob(entry)) {
                    conflicts.add("a tool entry " + entry + " is listed by " + owners(models, entry)
                            + " but not by " + name + ", whose default is deny; list " + entry + " in " + name
                            + " too, or name the tools one by one");
                } else {
                    tool.getValue().add(new Rule(name + "/unlisted", Action.DENY, List.of(),
                            entry + " is not listed by ToolPolicy " + name + ", whose default is deny", null,
                            RuleOrigin.toolPolicy(name)));
                }
            }
        });
    }

    /** Whether the policy lists a tool entry: the same name, or (for an exact name) a glob other than "*" matching it. */
    static boolean lists(Policy policy, String entry) {
        for (ToolEntry own : policy.tools()) {
            if (own.name().equals(entry)) {
                return true;
            }
            if (!Glob.isGlob(entry) && own.isGlob() && !own.isWildcard() && new Glob(own.name()).matches(entry)) {
                return true;
            }
        }
        return false;
    }

    private static String owners(Map<String, Policy> models, String entry) {
        return models.entrySet().stream().filter(e -> e.getValue().tool(entry) != null).map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
    }
}
