package dev.toolgate.policy;

import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.parse.Paths;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code tools} lists of class entries, a person's overrides of the classifier: each names an exact tool,
 * no tool is put in two classes (or two risk levels), and no tool that has its own entry in {@code tools} (which wins
 * over any class, so the override would do nothing).
 */
final class ClassMembers {
    private ClassMembers() {
    }

    static void check(Policy policy, List<PolicyError> errors) {
        Map<String, String> classOf = new HashMap<>();
        Map<String, String> riskOf = new HashMap<>();
        for (ClassEntry entry : policy.classes()) {
            Map<String, String> seen = entry.byRisk() ? riskOf : classOf;
            for (int i = 0; i < entry.members().size(); i++) {
                String tool = entry.members().get(i);
                String path = Paths.index(Paths.field(Paths.field("classes", entry.key()), "tools"), i);
                if (tool.indexOf('*') >= 0 || tool.indexOf('?') >= 0) {
                    errors.add(new PolicyError(path, "\"" + tool + "\" is a glob; list exact tool names whose class you set"));
                } else if (policy.tool(tool) != null) {
                    errors.add(new PolicyError(path, "\"" + tool + "\" has its own entry in tools, which wins over any class; "
                            + "remove it here or there"));
                } else {
                    String earlier = seen.putIfAbsent(tool, entry.key());
                    if (earlier != null) {
                        errors.add(new PolicyError(path, "\"" + tool + "\" is already put in " + earlier + " by classes."
                                + earlier + ".tools; a tool has one " + (entry.byRisk() ? "risk level" : "class")));
                    }
                }
            }
        }
    }
}
