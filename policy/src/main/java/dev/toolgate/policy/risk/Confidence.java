package dev.toolgate.policy.risk;

import java.util.Locale;

/** How sure a classification is, from what decided it (see {@code docs/risk.md}). */
public enum Confidence {
    /** Nothing but the worst-case defaults or a verb in the description decided. */
    LOW,
    /** A verb in the tool's name decided. */
    MEDIUM,
    /** A user override, trusted annotations, or a name verb the input schema agrees with. */
    HIGH;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
