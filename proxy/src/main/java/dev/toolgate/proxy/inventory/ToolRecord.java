package dev.toolgate.proxy.inventory;

import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.ToolFingerprint;

/**
 * One tool as the inventory holds it: never the definition itself (an upstream controls its size), only its
 * fingerprint and classification.
 *
 * @param classification how its last listed definition classifies
 * @param listed         the fingerprint of its last listed definition
 * @param firstSeen      the fingerprint of the first definition seen, its pin when none is accepted
 */
public record ToolRecord(Classification classification, ToolFingerprint listed, ToolFingerprint firstSeen) {
}
