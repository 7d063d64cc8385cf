package dev.toolgate.operator.policy;

import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyCompiler;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.PolicyWriter;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Merges the accepted ToolPolicies of one McpServer into the one policy its proxy enforces, so that a call goes
 * through only if every ToolPolicy lets it through:
 * <ul>
 *   <li>tool entries of the same name are joined, their rules concatenated in ToolPolicy-name order; every rule is
 *       renamed {@code <ToolPolicy>/<rule>} (the proxy's Events name the ToolPolicy from that prefix). All rules of
 *       all matching entries must pass, so a deny anywhere beats an allow anywhere;</li>
 *   <li>every limit applies: each ToolPolicy keeps its own counters (renamed {@code <ToolPolicy>/<counter>}, with the
 *       conditions reading them), so one policy's limit never consumes another's; a counter name two ToolPolicies
 *       define differently is reported;</li>
 *   <li>{@code hide} is the union; {@code default: deny} if any ToolPolicy says so (reported when they differ);</li>
 *   <li>a tool listed by one ToolPolicy but not by a default-deny one is denied by a rule
 *       {@code <default-deny ToolPolicy>/unlisted}: being listed elsewhere does not undo that policy's default;
 *       a glob the default-deny ToolPolicy does not list as well cannot be expressed that way and is a conflict.</li>
 * </ul>
 * Differences the rules resolve are warnings; conflicts mean the merge is not applied.
 */
public final class PolicyMerge implements PolicyMerger {
    static final String COUNTER_SEPARATOR = "/";

    @Override
    public MergeResult merge(List<AcceptedPolicy> policies) {
        List<String> warnings = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, Policy> models = new LinkedHashMap<>();
        for (AcceptedPolicy accepted : policies) {
            try {
                models.put(accepted.name(), PolicyLoader.fromTree(accepted.document(), "toolpolicy " + accepted.name()).model());
            } catch (InvalidPolicyException e) {
                conflicts.add("ToolPolicy " + accepted.name() + " no longer validates: " + lines(e.errors()));
            }
        }
        if (!conflicts.isEmpty()) {
            return new MergeResult(null, warnings, conflicts);
        }

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
        denyUnlisted(models, tools, conflicts);

        String description = models.size() == 1
                ? models.values().iterator().next().description()
                : "ToolPolicies " + String.join(", ", models.keySet()) + " merged by the Toolgate operator";
        Policy merged = new Policy(Policy.VERSION, description, defaultAction, List.copyOf(hide),
                tools.entrySet().stream().map(e -> new ToolEntry(e.getKey(), e.getValue())).toList());
        if (!conflicts.isEmpty()) {
            return new MergeResult(null, warnings, conflicts);
        }
        try {
            PolicyCompiler.compile(merged, "merge of ToolPolicies " + String.join(", ", models.keySet()));
        } catch (InvalidPolicyException e) {
            conflicts.add("the merged policy is invalid: " + lines(e.errors()));
            return new MergeResult(null, warnings, conflicts);
        }
        return new MergeResult(PolicyWriter.toTree(merged), warnings, conflicts);
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

    /** The rule renamed into its ToolPolicy's namespace: name prefixed, its counter and the counters it reads private. */
    static Rule prefixed(String policy, Rule rule) {
        List<Condition> conditions = rule.conditions().stream()
                .map(c -> c.isState() ? new Condition(privateCounterPath(policy, c.path()), c.op(), c.value()) : c)
                .toList();
        CounterSpec counter = rule.counter() == null ? null : new CounterSpec(privateCounter(policy, rule.counter().name()),
                rule.counter().window(), rule.counter().scope(), rule.counter().increment(), rule.counter().incrementFrom());
        return new Rule(policy + "/" + rule.name(), rule.action(), conditions, rule.reason(), counter);
    }

    /** Counter names allow letters, digits, _, - and /, but no dots, which ToolPolicy names may hold. */
    static String privateCounter(String policy, String counter) {
        return policy.replace('.', '_') + COUNTER_SEPARATOR + counter;
    }

    /** {@code state.<namespace>.<counter>}: the counter is the last segment (it has no dots; tool names may). */
    private static String privateCounterPath(String policy, String path) {
        int dot = path.lastIndexOf('.');
        return path.substring(0, dot + 1) + privateCounter(policy, path.substring(dot + 1));
    }

    private static void noteCounter(String policy, ToolEntry entry, Rule rule, Map<String, String> definitions, List<String> warnings) {
        if (rule.counter() == null) {
            return;
        }
        CounterSpec spec = rule.counter();
        String id = entry.counterNamespace() + "." + spec.name();
        String definition = spec.window().describe() + ", scope " + spec.scope().keyword() + ", "
                + (spec.incrementFrom() != null ? "increment from " + spec.incrementFrom() : "increment " + spec.increment());
        String first = definitions.putIfAbsent(id, policy + " (" + definition + ")");
        if (first != null && !first.endsWith("(" + definition + ")")) {
            warnings.add("counter " + id + " is defined differently by " + first + " and " + policy + " (" + definition
                    + "); each ToolPolicy keeps its own counter, so both limits apply");
        }
    }

    /** A default-deny ToolPolicy denies what it does not list, even when another ToolPolicy lists it. */
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
                            entry + " is not listed by ToolPolicy " + name + ", whose default is deny", null));
                }
            }
        });
    }

    /** Whether the policy lists a tool entry: the same name, or (for an exact name) a glob other than "*" matching it. */
    private static boolean lists(Policy policy, String entry) {
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

    private static String lines(List<PolicyError> errors) {
        return errors.stream().map(PolicyError::toString).collect(Collectors.joining("; "));
    }
}
