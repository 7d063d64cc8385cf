package dev.toolgate.policy.model;

import dev.toolgate.policy.risk.RiskClass;
import dev.toolgate.policy.risk.RiskLevel;

import java.util.List;
import java.util.Objects;

/**
 * The rules for every tool of a risk class ({@code classes: {execute: {...}}}) or of a risk level
 * ({@code classes: {critical: {...}}}) that no exact tool entry names: a named tool always wins over its class. A class
 * entry is written like a tool entry ({@code action}, {@code reason}, {@code rules}, {@code limits},
 * {@code rate_limit}); its counters live in the namespace {@code classes.<key>} and count the calls of every tool of
 * the class together. Its {@code tools} list is a person's override of the classifier: the tools named there are of this
 * class (or risk level) whatever their definition says.
 *
 * @param key     a class keyword ({@code read}, {@code write}, {@code execute}, {@code destructive}, {@code financial})
 *                or a risk keyword ({@code low}, {@code medium}, {@code high}, {@code critical})
 * @param rules   the entry's rules in order
 * @param members tool names put in this class or risk level by the policy, whatever the classifier says
 */
public record ClassEntry(String key, List<Rule> rules, List<String> members) {
    /** The prefix of a class entry's rule names and counter namespace: {@code classes.execute}. */
    public static final String PREFIX = "classes.";

    public ClassEntry {
        Objects.requireNonNull(key, "key");
        rules = rules == null ? List.of() : List.copyOf(rules);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** An entry without members. */
    public ClassEntry(String key, List<Rule> rules) {
        this(key, rules, List.of());
    }

    /** True when {@code key} names a class or a risk level. */
    public static boolean validKey(String key) {
        return RiskClass.fromKeyword(key) != null || RiskLevel.fromKeyword(key) != null;
    }

    /** True when a tool of this class and risk is selected by this entry. */
    public boolean selects(RiskClass riskClass, RiskLevel risk) {
        return key.equals(riskClass.keyword()) || key.equals(risk.keyword());
    }

    /** True for a risk-level entry ({@code critical}), false for a class entry ({@code execute}). */
    public boolean byRisk() {
        return RiskLevel.fromKeyword(key) != null;
    }

    /** {@code classes.<key>}: what decisions name and where its counters live. */
    public String entryName() {
        return PREFIX + key;
    }

    /** The entry as a tool entry named {@link #entryName()}, to compile its rules like any other entry's. */
    public ToolEntry asToolEntry() {
        return new ToolEntry(entryName(), rules);
    }
}
