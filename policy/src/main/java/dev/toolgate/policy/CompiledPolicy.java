package dev.toolgate.policy;

import dev.toolgate.policy.eval.ClassPlans;
import dev.toolgate.policy.eval.CompiledRule;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.eval.GrantTable;
import dev.toolgate.policy.eval.ToolPlan;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable, validated policy in the form the evaluator runs: exact tool names in a hash map, globs
 * precompiled, conditions with their paths, numbers and regexes compiled, and a per-tool plan cached on first
 * use. Obtain one from {@link PolicyLoader} or {@link PolicyCompiler#compile(Policy, String)}.
 */
public final class CompiledPolicy {
    /** Plans cached per tool name, bounded so that callers inventing names cannot grow memory. */
    static final int MAX_CACHED_PLANS = 10_000;

    private final Policy model;
    private final String source;
    private final boolean defaultDeny;
    private final Map<String, CompiledRule[]> exact = new HashMap<>();
    private final List<Glob> globs = new ArrayList<>();
    private final List<CompiledRule[]> globRules = new ArrayList<>();
    private final CompiledRule[] wildcard;
    private final Set<String> hiddenExact = new HashSet<>();
    private final List<Glob> hiddenGlobs = new ArrayList<>();
    private final ConcurrentHashMap<String, ToolPlan> plans = new ConcurrentHashMap<>();
    private final GrantTable grants;
    private final ClassPlans classes;

    CompiledPolicy(Policy model, String source, Map<ToolEntry, CompiledRule[]> entries) {
        this(model, source, entries, GrantTable.NONE, Map.of());
    }

    CompiledPolicy(Policy model, String source, Map<ToolEntry, CompiledRule[]> entries, GrantTable grants,
                   Map<ClassEntry, CompiledRule[]> classes) {
        this.grants = grants;
        this.classes = new ClassPlans(classes);
        this.model = model;
        this.source = source;
        this.defaultDeny = model.defaultAction() == DefaultAction.DENY;
        CompiledRule[] star = null;
        for (Map.Entry<ToolEntry, CompiledRule[]> e : entries.entrySet()) {
            ToolEntry entry = e.getKey();
            if (entry.isWildcard()) {
                star = e.getValue();
            } else if (entry.isGlob()) {
                globs.add(new Glob(entry.name()));
                globRules.add(e.getValue());
            } else {
                exact.put(entry.name(), e.getValue());
            }
        }
        this.wildcard = star;
        for (String hidden : model.hide()) {
            if (Glob.isGlob(hidden)) {
                hiddenGlobs.add(new Glob(hidden));
            } else {
                hiddenExact.add(hidden);
            }
        }
    }

    /** The validated, desugared model this was compiled from (write it back with {@link PolicyWriter}). */
    public Policy model() {
        return model;
    }

    /** Where the policy came from (a file name, {@code ConfigMap ns/name}), for messages. */
    public String source() {
        return source;
    }

    /** How many tool entries (names and globs, "*" included) the policy covers. */
    public int toolCount() {
        return model.tools().size();
    }

    /** True under {@code default: deny}. */
    public boolean defaultDeny() {
        return defaultDeny;
    }

    /** Who may call which tools: the {@code grants:} section compiled ({@link GrantTable#NONE} without one). */
    public GrantTable grants() {
        return grants;
    }

    /** The evaluation plan for a tool name (cached). */
    public ToolPlan plan(String tool) {
        ToolPlan plan = plans.get(tool);
        if (plan == null) {
            plan = buildPlan(tool);
            if (plans.size() < MAX_CACHED_PLANS) {
                plans.putIfAbsent(tool, plan);
            }
        }
        return plan;
    }

    /**
     * The evaluation plan for a tool of a known classification (null: a tool the proxy has not seen listed, read as
     * {@link Classification#unseen}). Class entries apply only to a tool no exact entry names: a named tool always wins
     * over its class. Without class entries this is {@link #plan(String)}.
     */
    public ToolPlan plan(String tool, Classification classification) {
        if (classes.isEmpty() || exact.containsKey(tool)) {
            return plan(tool);
        }
        Classification known = classification != null ? classification : Classification.unseen(tool);
        return classes.plan(tool, known, this::buildPlan);
    }

    /**
     * The classification the policy decides a tool by: the given one (the worst case when null) with the policy's
     * overrides ({@code classes.<key>.tools}) applied.
     */
    public Classification classification(String tool, Classification given) {
        return classes.effective(tool, given != null ? given : Classification.unseen(tool));
    }

    /** True when the policy selects tools by class or risk level. */
    public boolean hasClasses() {
        return !classes.isEmpty();
    }

    private ToolPlan buildPlan(String tool) {
        return buildPlan(tool, List.of(), List.of());
    }

    private ToolPlan buildPlan(String tool, List<CompiledRule> classRules, List<String> selectedBy) {
        boolean hidden = hiddenExact.contains(tool);
        for (int i = 0; !hidden && i < hiddenGlobs.size(); i++) {
            hidden = hiddenGlobs.get(i).matches(tool);
        }
        List<CompiledRule> rules = new ArrayList<>();
        CompiledRule[] own = exact.get(tool);
        boolean listed = own != null || !selectedBy.isEmpty();
        if (own != null) {
            rules.addAll(List.of(own));
        }
        rules.addAll(classRules);
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i).matches(tool)) {
                listed = true;
                rules.addAll(List.of(globRules.get(i)));
            }
        }
        if (wildcard != null) {
            rules.addAll(List.of(wildcard));
        }
        boolean deniedOutright = false;
        List<CompiledRule> counting = new ArrayList<>();
        for (CompiledRule rule : rules) {
            deniedOutright |= rule.unconditionalDeny();
            if (rule.counter() != null) {
                counting.add(rule);
            }
        }
        String allowRule = rules.isEmpty() ? "default" : rules.get(rules.size() - 1).name();
        RuleOrigin allowOrigin = rules.isEmpty() ? RuleOrigin.DOCUMENT : rules.get(rules.size() - 1).source().origin();
        String allowReason = rules.isEmpty()
                ? "allowed: no rule applies to \"" + tool + "\"" + (defaultDeny ? "" : " (default: allow)")
                : "allowed: every rule for \"" + tool + "\" passed";
        return new ToolPlan(hidden, listed, deniedOutright, rules.toArray(CompiledRule[]::new), counting.toArray(CompiledRule[]::new),
                allowRule, allowOrigin, allowReason, selectedBy);
    }

    @Override
    public String toString() {
        return "CompiledPolicy[" + source + ", " + toolCount() + " tool entries, default " + model.defaultAction().keyword() + "]";
    }
}
