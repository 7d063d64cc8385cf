package dev.toolgate.policy.eval;

import dev.toolgate.policy.model.RuleOrigin;

/**
 * Everything the evaluator needs for one tool name, resolved once and cached: whether it is hidden, whether
 * an entry lists it (for default deny), and the rules of every matching entry in evaluation order
 * (exact name, matching globs in document order, then {@code "*"}).
 *
 * @param hidden         a {@code hide} entry matches the tool
 * @param listed         an exact entry or a glob other than "*" matches the tool
 * @param deniedOutright an unconditional deny rule applies
 * @param rules          rules in evaluation order
 * @param countingRules  the rules among them that increment a counter, in rule order
 * @param allowRule      the rule name an allowed call reports (the last rule evaluated, or {@code default})
 * @param allowOrigin    where that rule comes from
 * @param allowReason    the reason an allowed call reports
 * @param selectedBy     the {@code classes.<key>} entries whose rules apply (the tool's class and risk level, when no
 *                       exact entry names it), in order; empty otherwise
 */
public record ToolPlan(boolean hidden, boolean listed, boolean deniedOutright, CompiledRule[] rules,
                       CompiledRule[] countingRules, String allowRule, RuleOrigin allowOrigin, String allowReason,
                       java.util.List<String> selectedBy) {
    public ToolPlan {
        selectedBy = selectedBy == null ? java.util.List.of() : java.util.List.copyOf(selectedBy);
    }

    /** A plan no class entry selected. */
    public ToolPlan(boolean hidden, boolean listed, boolean deniedOutright, CompiledRule[] rules,
                    CompiledRule[] countingRules, String allowRule, RuleOrigin allowOrigin, String allowReason) {
        this(hidden, listed, deniedOutright, rules, countingRules, allowRule, allowOrigin, allowReason, java.util.List.of());
    }
}
