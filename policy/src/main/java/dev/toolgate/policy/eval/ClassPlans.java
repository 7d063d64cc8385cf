package dev.toolgate.policy.eval;

import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.risk.Classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled class entries of a policy and the plans of tools they select, cached per tool, class and risk level
 * (bounded like the per-name plans, so that many classifications cannot grow memory).
 */
public final class ClassPlans {
    /** Builds a tool's plan from the rules its class entries add and the names of those entries. */
    public interface PlanBuilder {
        ToolPlan build(String tool, List<CompiledRule> classRules, List<String> selectedBy);
    }

    static final int MAX_CACHED_PLANS = 10_000;
    private final Map<ClassEntry, CompiledRule[]> entries;
    private final ConcurrentHashMap<String, ToolPlan> plans = new ConcurrentHashMap<>();

    public ClassPlans(Map<ClassEntry, CompiledRule[]> entries) {
        this.entries = new LinkedHashMap<>(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The plan of a tool no exact entry names: the rules of its class entry, then of its risk-level entry, ahead of the
     * globs and "*".
     */
    public ToolPlan plan(String tool, Classification classification, PlanBuilder builder) {
        String key = classification.riskClass().keyword() + '/' + classification.risk().keyword() + '/' + tool;
        ToolPlan plan = plans.get(key);
        if (plan == null) {
            List<CompiledRule> rules = new ArrayList<>();
            List<String> selectedBy = new ArrayList<>();
            for (boolean byRisk : new boolean[] {false, true}) {
                entries.forEach((entry, compiled) -> {
                    if (entry.byRisk() == byRisk && entry.selects(classification.riskClass(), classification.risk())) {
                        rules.addAll(List.of(compiled));
                        selectedBy.add(entry.entryName());
                    }
                });
            }
            plan = builder.build(tool, rules, selectedBy);
            if (plans.size() < MAX_CACHED_PLANS) {
                plans.putIfAbsent(key, plan);
            }
        }
        return plan;
    }
}
