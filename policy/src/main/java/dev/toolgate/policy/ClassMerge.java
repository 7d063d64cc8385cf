package dev.toolgate.policy;

import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.DefaultAction;
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
import java.util.function.BiFunction;

/**
 * The part of {@link PolicyMerger} for class entries. Entries of the same key are joined, their rules renamed
 * {@code <policy>/<rule>} like tool entries' rules. Two things follow from "a named tool always wins over its class":
 * <ul>
 *   <li>a default-deny policy that has no entry for a key denies the tools that key selects (rule
 *       {@code <policy>/unlisted}), as it denies tools it does not name;</li>
 *   <li>a tool one policy names while another selects tools by class without naming it would, once merged, escape the
 *       second policy's class rules (its name now wins). No merged policy can say "this policy's class rules, but not
 *       that one's", so this is a conflict: name the tool in both, or drop the class entries.</li>
 * </ul>
 */
final class ClassMerge {
    /** Notes a counter definition of a policy's entry (for the merger's warnings). */
    interface CounterNote {
        void note(String policy, ToolEntry entry, Rule rule);
    }

    private ClassMerge() {
    }

    /** The joined class entries by key (rules and members), in policy order then key order of first appearance. */
    static Map<String, ClassEntry> classes(Map<String, Policy> models, BiFunction<String, Rule, Rule> prefixed, CounterNote counters) {
        Map<String, List<Rule>> joined = new LinkedHashMap<>();
        Map<String, Set<String>> members = new LinkedHashMap<>();
        models.forEach((name, policy) -> {
            for (ClassEntry entry : policy.classes()) {
                members.computeIfAbsent(entry.key(), k -> new LinkedHashSet<>()).addAll(entry.members());
                List<Rule> rules = joined.computeIfAbsent(entry.key(), k -> new ArrayList<>());
                for (Rule rule : entry.rules()) {
                    rules.add(prefixed.apply(name, rule));
                    counters.note(name, entry.asToolEntry(), rule);
                }
            }
        });
        Map<String, ClassEntry> classes = new LinkedHashMap<>();
        joined.forEach((key, rules) -> classes.put(key, new ClassEntry(key, rules, List.copyOf(members.get(key)))));
        return classes;
    }

    /** Adds the unlisted denials of default-deny policies and reports named tools that would escape class rules. */
    static void check(Map<String, Policy> models, Map<String, ClassEntry> classes, List<String> conflicts) {
        models.forEach((name, policy) -> {
            if (policy.defaultAction() != DefaultAction.DENY) {
                return;
            }
            for (Map.Entry<String, ClassEntry> entry : List.copyOf(classes.entrySet())) {
                boolean own = policy.classes().stream().anyMatch(c -> c.key().equals(entry.getKey()));
                if (!own) {
                    List<Rule> rules = new ArrayList<>(entry.getValue().rules());
                    rules.add(new Rule(name + "/unlisted", Action.DENY, List.of(), "tools of " + ClassEntry.PREFIX
                            + entry.getKey() + " are not listed by ToolPolicy " + name + ", whose default is deny", null,
                            RuleOrigin.toolPolicy(name)));
                    classes.put(entry.getKey(), new ClassEntry(entry.getKey(), rules, entry.getValue().members()));
                }
            }
        });
        Set<String> named = new LinkedHashSet<>();
        models.values().forEach(p -> p.tools().stream().filter(t -> !t.isGlob()).forEach(t -> named.add(t.name())));
        models.forEach((name, policy) -> {
            if (policy.classes().isEmpty()) {
                return;
            }
            for (String tool : named) {
                if (policy.tool(tool) == null) {
                    conflicts.add("tool \"" + tool + "\" is named by another ToolPolicy but not by " + name
                            + ", which selects tools by class; merged, the name would win over " + name
                            + "'s class rules. Name " + tool + " in " + name + " too, or drop " + name + "'s classes");
                }
            }
        });
    }
}
