package dev.toolgate.policy;

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
import java.util.TreeMap;

/**
 * Merges several named policies (the ToolPolicies of one McpServer) into one model, deterministically:
 * <ul>
 *   <li>policies are taken in name order; {@code default: deny} if any says deny; {@code hide} is the union;</li>
 *   <li>entries of the same tool (or glob, or "*") are joined, their rules concatenated in policy order, so
 *       every rule and every limit of every policy applies and any deny wins;</li>
 *   <li>rule names become {@code <policy>/<rule>} and counter names {@code <policy>/<counter>} (with the
 *       {@code state.} paths of that policy rewritten), so policies never share or clash on counters.</li>
 * </ul>
 * Conflicts are not resolved silently: a tool one policy refuses outright (deny or hide) while another lists it
 * is reported in {@link Result#conflicts()}; the merged policy still refuses it (deny beats allow).
 */
public final class PolicyMerger {
    private PolicyMerger() {
    }

    /**
     * @param policy    the merged model (compile it with {@link PolicyCompiler#compile(Policy, String)})
     * @param conflicts human-readable conflicts, e.g. {@code tool "x": denied by b (rule "b/never"), listed by a}
     */
    public record Result(Policy policy, List<String> conflicts) {
    }

    /** Merges policies keyed by name (a ToolPolicy's metadata.name). */
    public static Result merge(Map<String, Policy> byName) {
        Map<String, Policy> sorted = new TreeMap<>(byName);
        boolean deny = false;
        Set<String> hide = new LinkedHashSet<>();
        Map<String, List<Rule>> tools = new LinkedHashMap<>();
        Map<String, Set<String>> listedBy = new LinkedHashMap<>();
        Map<String, List<String>> deniedBy = new LinkedHashMap<>();
        Map<String, Set<String>> hiddenBy = new LinkedHashMap<>();
        for (Map.Entry<String, Policy> named : sorted.entrySet()) {
            String prefix = named.getKey();
            Policy policy = named.getValue();
            deny |= policy.defaultAction() == DefaultAction.DENY;
            for (String h : policy.hide()) {
                hide.add(h);
                hiddenBy.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(prefix);
            }
            Set<String> ownCounters = new LinkedHashSet<>();
            for (ToolEntry entry : policy.tools()) {
                for (Rule rule : entry.rules()) {
                    if (rule.counter() != null) {
                        ownCounters.add(entry.counterNamespace() + "." + rule.counter().name());
                    }
                }
            }
            for (ToolEntry entry : policy.tools()) {
                List<Rule> rules = tools.computeIfAbsent(entry.name(), k -> new ArrayList<>());
                boolean deniesOutright = false;
                for (Rule rule : entry.rules()) {
                    rules.add(prefixed(prefix, rule, ownCounters));
                    if (rule.action() == Action.DENY) {
                        deniesOutright = true;
                        deniedBy.computeIfAbsent(entry.name(), k -> new ArrayList<>()).add(prefix + " (rule \"" + prefix + "/" + rule.name() + "\")");
                    }
                }
                if (!deniesOutright) {
                    listedBy.computeIfAbsent(entry.name(), k -> new LinkedHashSet<>()).add(prefix);
                }
            }
        }
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, Set<String>> listed : listedBy.entrySet()) {
            String tool = listed.getKey();
            if (deniedBy.containsKey(tool)) {
                conflicts.add("tool \"" + tool + "\": denied by " + String.join(", ", deniedBy.get(tool)) + ", listed by "
                        + String.join(", ", listed.getValue()) + "; deny wins");
            }
            for (Map.Entry<String, Set<String>> hidden : hiddenBy.entrySet()) {
                if (hidden.getKey().equals(tool) || new Glob(hidden.getKey()).matches(tool)) {
                    conflicts.add("tool \"" + tool + "\": hidden by " + String.join(", ", hidden.getValue())
                            + (hidden.getKey().equals(tool) ? "" : " (hide: " + hidden.getKey() + ")") + ", listed by "
                            + String.join(", ", listed.getValue()) + "; hide wins");
                }
            }
        }
        List<ToolEntry> entries = new ArrayList<>();
        tools.forEach((name, rules) -> entries.add(new ToolEntry(name, rules)));
        Policy merged = new Policy(Policy.VERSION, "merged from " + String.join(", ", sorted.keySet()),
                deny ? DefaultAction.DENY : DefaultAction.ALLOW, List.copyOf(hide), entries);
        return new Result(merged, conflicts);
    }

    private static Rule prefixed(String prefix, Rule rule, Set<String> ownCounters) {
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : rule.conditions()) {
            String path = c.path();
            if (c.isState() && ownCounters.contains(path.substring("state.".length()))) {
                int dot = path.lastIndexOf('.');
                path = path.substring(0, dot + 1) + prefix + "/" + path.substring(dot + 1);
            }
            conditions.add(new Condition(path, c.op(), c.value()));
        }
        CounterSpec counter = rule.counter();
        if (counter != null) {
            counter = new CounterSpec(prefix + "/" + counter.name(), counter.window(), counter.scope(), counter.increment(),
                    counter.incrementFrom());
        }
        return new Rule(prefix + "/" + rule.name(), rule.action(), conditions, rule.reason(), counter);
    }
}
