package dev.toolgate.policy.model;

import java.util.Objects;

/**
 * Where a rule comes from, so a decision names its source as a type instead of a rule name split at a {@code /}:
 * the policy document itself, a ToolPolicy the operator merged into it, or the proxy (its own fail-closed rules).
 */
public sealed interface RuleOrigin {
    /** A rule of the policy document as written, and the document's own {@code default} and {@code hide}. */
    RuleOrigin DOCUMENT = new Document();
    /** The proxy's own rules: {@code toolgate/no-policy} and {@code toolgate/evaluation-failed}. */
    RuleOrigin PROXY = new Proxy();
    /**
     * The rule field a merged policy names a rule's ToolPolicy in. The operator's merge writes it and the proxy reads
     * it; it is not advertised to people writing policies.
     */
    String FIELD = "toolpolicy";

    /** A rule merged from the ToolPolicy named {@code name} (in the McpServer's namespace, where its ConfigMap is). */
    static RuleOrigin toolPolicy(String name) {
        return new ToolPolicy(name);
    }

    /** The policy document as written. */
    record Document() implements RuleOrigin {
    }

    /** The proxy itself. */
    record Proxy() implements RuleOrigin {
    }

    /** @param name the ToolPolicy's name */
    record ToolPolicy(String name) implements RuleOrigin {
        public ToolPolicy {
            Objects.requireNonNull(name, "name");
        }
    }
}
