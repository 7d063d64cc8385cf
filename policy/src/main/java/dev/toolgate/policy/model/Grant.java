package dev.toolgate.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a policy's {@code grants:} section: a subject, the tools it may call, and limits on the calls this
 * entry admits. When a policy has {@code grants:}, a call goes through only if an entry matching the caller admits
 * the tool, and the tool's own rules pass too.
 *
 * @param subject     who the entry is for
 * @param description free text for the people reading the policy, or null
 * @param tools       tool names or globs ({@code "*"} for every tool) the subject may call; in document order
 * @param limits      rules desugared from the entry's {@code limits[]}, each an {@code lte} condition on its own counter
 *                    (namespace {@link #counterNamespace()}); every call the entry admits counts against all of them
 * @param origin      the document, or the ToolPolicy a merged entry came from
 */
public record Grant(Subject subject, String description, List<String> tools, List<Rule> limits, RuleOrigin origin) {
    public Grant {
        Objects.requireNonNull(subject, "subject");
        tools = tools == null ? List.of() : List.copyOf(tools);
        limits = limits == null ? List.of() : List.copyOf(limits);
        origin = origin == null ? RuleOrigin.DOCUMENT : origin;
    }

    /** An entry of the document as written. */
    public Grant(Subject subject, String description, List<String> tools, List<Rule> limits) {
        this(subject, description, tools, limits, RuleOrigin.DOCUMENT);
    }

    /**
     * The namespace of this entry's counters, {@code grants/<kind>:<value>}: apart from every tool's (a tool name never
     * holds that {@code /}-and-{@code :} shape in practice, and an entry's counters are read by no condition).
     */
    public String counterNamespace() {
        return counterNamespace(subject);
    }

    /** The counter namespace of a subject's entries. */
    public static String counterNamespace(Subject subject) {
        return "grants/" + subject.kind().keyword() + ":" + subject.value();
    }
}
