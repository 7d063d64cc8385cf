package dev.toolgate.policy.model;

/** What happens to a tool call that no tool entry lists ({@code default:} in the document). */
public enum DefaultAction {
    /** Unlisted tools are allowed (wildcard and glob rules still apply). Intercept's default. */
    ALLOW,
    /** Unlisted tools are denied before any rule, wildcard rules included, is evaluated. */
    DENY;

    /** The document spelling: {@code allow} or {@code deny}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
