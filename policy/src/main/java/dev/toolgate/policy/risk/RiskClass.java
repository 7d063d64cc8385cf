package dev.toolgate.policy.risk;

import java.util.Locale;

/**
 * What a tool does to the world, in increasing severity: the order decides when several signals point at different
 * classes (the most severe wins).
 */
public enum RiskClass {
    /** Reads and reports; changes nothing. */
    READ,
    /** Creates or changes state that can be changed back (an issue, a file, a message sent). */
    WRITE,
    /** Runs something: a workflow, a command, code or a query written by the caller. */
    EXECUTE,
    /** Deletes, cancels or overwrites what cannot be restored. */
    DESTRUCTIVE,
    /** Moves money: payments, refunds, transfers, purchases. */
    FINANCIAL;

    /**
     * The class of a tool the proxy has not seen listed: the MCP specification's worst-case reading of missing
     * annotations ({@code readOnlyHint: false}, {@code destructiveHint: true}).
     */
    public static final RiskClass UNSEEN = DESTRUCTIVE;

    /** The document spelling: {@code read}, {@code write}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class for a document keyword, or null. */
    public static RiskClass fromKeyword(String keyword) {
        for (RiskClass c : values()) {
            if (c.keyword().equals(keyword)) {
                return c;
            }
        }
        return null;
    }

    /** The more severe of two classes. */
    public RiskClass max(RiskClass other) {
        return other == null || other.ordinal() <= ordinal() ? this : other;
    }
}
