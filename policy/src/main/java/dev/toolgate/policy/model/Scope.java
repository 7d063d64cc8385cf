package dev.toolgate.policy.model;

/** Whose calls a counter counts: one counter for everybody, or one per grant, identity or MCP session. */
public enum Scope {
    /** One counter shared by every caller (the default; Intercept's only behaviour). */
    GLOBAL,
    /** One counter per grant ({@code Caller.grant()}). */
    GRANT,
    /** One counter per identity ({@code Caller.identity()}). */
    IDENTITY,
    /** One counter per MCP session ({@code Caller.session()}; all stateless calls share "none"). */
    SESSION;

    /** The document spelling, e.g. {@code grant}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The scope for a document keyword, or null when there is none. */
    public static Scope fromKeyword(String keyword) {
        for (Scope s : values()) {
            if (s.keyword().equals(keyword)) {
                return s;
            }
        }
        return null;
    }
}
