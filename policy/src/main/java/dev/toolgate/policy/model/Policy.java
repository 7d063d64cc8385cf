package dev.toolgate.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * A policy after desugaring: both PolicyLayer's {@code policy.json} and Intercept's {@code policy.yaml} load
 * into this one model, and {@link dev.toolgate.policy.PolicyWriter} writes it back as canonical JSON.
 * Build one in code and compile it with {@link dev.toolgate.policy.PolicyCompiler#compile(Policy, String)},
 * which validates it like a loaded document.
 *
 * @param version       the format version, {@code "1"}
 * @param description   free text, or null
 * @param defaultAction what happens to tools no entry lists
 * @param hide          tool names or globs removed from {@code tools/list} and denied on {@code tools/call}
 * @param tools         tool entries in document order; names are unique
 * @param grants        the {@code grants:} section: who may call which tools; null when the document has none (then
 *                      every caller may call what the tools' rules allow, as before grants existed)
 * @param classes       entries selecting tools by risk class or risk level ({@code classes:}), in document order
 */
public record Policy(String version, String description, DefaultAction defaultAction, List<String> hide,
                     List<ToolEntry> tools, List<Grant> grants, List<ClassEntry> classes) {
    public static final String VERSION = "1";

    public Policy {
        version = version == null ? VERSION : version;
        defaultAction = defaultAction == null ? DefaultAction.ALLOW : defaultAction;
        hide = hide == null ? List.of() : List.copyOf(hide);
        tools = tools == null ? List.of() : List.copyOf(tools);
        grants = grants == null ? null : List.copyOf(grants);
        classes = classes == null ? List.of() : List.copyOf(classes);
        Objects.requireNonNull(version);
    }

    /** A policy without a {@code grants:} section and without class entries. */
    public Policy(String version, String description, DefaultAction defaultAction, List<String> hide, List<ToolEntry> tools) {
        this(version, description, defaultAction, hide, tools, null, List.of());
    }

    /** True when the policy has a {@code grants:} section, so every call must be granted. */
    public boolean hasGrants() {
        return grants != null;
    }

    /** The entry with exactly this name (glob entries by their glob), or null. */
    public ToolEntry tool(String name) {
        for (ToolEntry t : tools) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
