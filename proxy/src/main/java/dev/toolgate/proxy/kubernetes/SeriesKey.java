package dev.toolgate.proxy.kubernetes;

import dev.toolgate.policy.model.RuleOrigin;

/** Denials with the same key are one event series: a single Event whose {@code series.count} grows. */
record SeriesKey(DenialReason reason, String tool, String identity, String rule, RuleOrigin origin) {
    SeriesKey {
        origin = origin == null ? RuleOrigin.DOCUMENT : origin;
    }

    /** A series about a rule of the policy document. */
    SeriesKey(DenialReason reason, String tool, String identity, String rule) {
        this(reason, tool, identity, rule, RuleOrigin.DOCUMENT);
    }
}
