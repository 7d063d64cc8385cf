package dev.toolgate.policy.risk;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ToolClassifier} concluded about one tool.
 *
 * @param tool       the tool's name
 * @param riskClass  what the tool does
 * @param risk       how much harm one call can do
 * @param signals    why, in words a person reads ({@code accepts freeform code/query input (sql)}), in the order found
 * @param confidence how sure the conclusion is
 */
public record Classification(String tool, RiskClass riskClass, RiskLevel risk, List<String> signals, Confidence confidence) {
    /** The signal of a tool the proxy has not seen in a {@code tools/list} answer. */
    public static final String UNSEEN_SIGNAL = "not seen in a tools/list answer: treated as the worst case";

    public Classification {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(riskClass, "riskClass");
        Objects.requireNonNull(risk, "risk");
        signals = List.copyOf(signals);
        Objects.requireNonNull(confidence, "confidence");
    }

    /** A tool nothing is known about (never listed): {@link RiskClass#UNSEEN}, {@link RiskLevel#UNSEEN}. */
    public static Classification unseen(String tool) {
        return new Classification(tool, RiskClass.UNSEEN, RiskLevel.UNSEEN, List.of(UNSEEN_SIGNAL), Confidence.LOW);
    }

    /** {@code execute/high because run (name verb), accepts ...}: one line for explain and logs. */
    public String summary() {
        return riskClass.keyword() + "/" + risk.keyword() + " (confidence " + confidence.keyword() + ") because "
                + String.join("; ", signals);
    }
}
