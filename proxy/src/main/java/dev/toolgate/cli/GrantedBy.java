package dev.toolgate.cli;

import dev.toolgate.policy.Decision;
import dev.toolgate.policy.eval.Admission;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.RuleOrigin;

import java.util.ArrayList;
import java.util.List;

/** {@code explain}'s {@code granted:} line: which {@code grants:} entries admitted the call, by subject and path. */
final class GrantedBy {
    private GrantedBy() {
    }

    static String describe(Policy policy, Decision decision) {
        if (decision.admittedBy() == null) {
            return Admission.RULE.equals(decision.rule())
                    ? "no grants entry for this caller lists the tool"
                    : "not reached (the call was refused before the grants were asked)";
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < policy.grants().size(); i++) {
            Grant grant = policy.grants().get(i);
            if (grant.subject().equals(decision.admittedBy())
                    && grant.tools().stream().anyMatch(tool -> new Glob(tool).matches(decision.tool()))) {
                entries.add("grants[" + i + "]" + (grant.origin() instanceof RuleOrigin.ToolPolicy toolPolicy
                        ? " of ToolPolicy " + toolPolicy.name() : ""));
            }
        }
        return decision.admittedBy() + " (" + String.join(", ", entries) + ")";
    }
}
