package dev.toolgate.policy.eval;

import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.Confidence;
import dev.toolgate.policy.risk.RiskClass;
import dev.toolgate.policy.risk.RiskLevel;

import java.util.ArrayList;
import java.util.HashMap;
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
    private final Map<String, RiskClass> classOverrides = new HashMap<>();
    private final Map<String, RiskLevel> riskOverrides = new HashMap<>();
    private final ConcurrentHashMap<String, ToolPlan> plans = new ConcurrentHashMap<>();

    public ClassPlans(Map<ClassEntry, CompiledRule[]> entries) {
        this.entries = new LinkedHashMap<>(entries);
        for (ClassEntry entry : entries.keySet()) {
            for (String tool : entry.members()) {
                if (entry.byRisk()) {
                    riskOverrides.put(tool, RiskLevel.fromKeyword(entry.key()));
                } else {
                    classOverrides.put(tool, RiskClass.fromKeyword(entry.key()));
                }
            }
        }
    }

    /** The classification with the policy's overrides ({@code classes.<key>.tools}) applied. */
    public Classification effective(String tool, Classification classification) {
        RiskClass riskClass = classOverrides.get(tool);
        RiskLevel risk = riskOverrides.get(tool);
        if (riskClass == null && risk == null) {
            return classification;
        }
        List<String> signals = new ArrayList<>();
        signals.add("the policy puts it in " + (riskClass != null ? ClassEntry.PREFIX + riskClass.keyword() : "")
                + (riskClass != null && risk != null ? " and " : "") + (risk != null ? ClassEntry.PREFIX + risk.keyword() : ""));
        signals.addAll(classification.signals());
        return new Classification(tool, riskClass != null ? riskClass : classification.riskClass(),
                risk != null ? risk : classification.risk(), signals, Confidence.HIGH);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The plan of a tool no exact entry names: the rules of its class entry, then of its risk-level entry, ahead of the
     * globs and "*".
     */
    public ToolPlan plan(String tool, Classification given, PlanBuilder builder) {
        Classification classification = effective(tool, given);
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
