package dev.toolgate.policy.eval;

import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Rule;

/**
 * A rule ready for evaluation. The {@code lt}/{@code lte} conditions on the rule's own counter are not tested
 * as conditions: they become {@link #limit()}, checked atomically when the counter is reserved.
 *
 * @param source          the model rule
 * @param args            conditions on arguments
 * @param states          conditions on counters' current values
 * @param counter         the rule's own counter, or null
 * @param limit           the most the counter may reach, Long.MAX_VALUE for none
 * @param unconditionalDeny true for an action: deny rule (denies every call it applies to)
 */
public record CompiledRule(Rule source, ArgCondition[] args, StateCondition[] states, CompiledCounter counter, long limit,
                           boolean unconditionalDeny) {
    public String name() {
        return source.name();
    }

    public Action action() {
        return source.action();
    }
}
