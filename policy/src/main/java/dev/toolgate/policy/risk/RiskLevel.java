package dev.toolgate.policy.risk;

import java.util.Locale;

/** How much harm one call of a tool can do, in increasing order. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The risk of a tool the proxy has not seen listed: the worst. */
    public static final RiskLevel UNSEEN = CRITICAL;

    /** The document spelling: {@code low}, {@code medium}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level for a document keyword, or null. */
    public static RiskLevel fromKeyword(String keyword) {
        for (RiskLevel level : values()) {
            if (level.keyword().equals(keyword)) {
                return level;
            }
        }
        return null;
    }

    /** One level up, at most {@link #CRITICAL}. */
    public RiskLevel raised() {
        return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
    }

    /** The higher of two levels. */
    public RiskLevel max(RiskLevel other) {
        return other == null || other.ordinal() <= ordinal() ? this : other;
    }
}
