package dev.toolgate.policy.risk;

import java.util.Objects;

/**
 * A person's verdict on one tool, which always wins over what the classifier reads.
 *
 * @param riskClass the class
 * @param risk      the risk level, or null for the class's own reading of the definition
 */
public record RiskOverride(RiskClass riskClass, RiskLevel risk) {
    public RiskOverride {
        Objects.requireNonNull(riskClass, "riskClass");
    }
}
