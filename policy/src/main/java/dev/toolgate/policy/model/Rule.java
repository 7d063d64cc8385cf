package dev.toolgate.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a tool entry. Every rule of every entry that matches a tool must pass for the call to go
 * through; the first rule that refuses decides.
 *
 * @param name       the rule's name, reported in decisions (may contain {@code /}, e.g. {@code team-a/hourly})
 * @param action     evaluate, deny or require_approval
 * @param conditions all must hold (AND); empty for deny rules
 * @param reason     the text shown to the agent when this rule refuses ({@code on_deny}/{@code reason}), or null
 *                   for a generated one
 * @param counter    the counter this rule increments, or null
 * @param origin     where the rule comes from (the document, or a ToolPolicy merged into it)
 */
public record Rule(String name, Action action, List<Condition> conditions, String reason, CounterSpec counter,
                   RuleOrigin origin) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        origin = origin == null ? RuleOrigin.DOCUMENT : origin;
    }

    /** A rule of the document as written. */
    public Rule(String name, Action action, List<Condition> conditions, String reason, CounterSpec counter) {
        this(name, action, conditions, reason, counter, RuleOrigin.DOCUMENT);
    }
}
