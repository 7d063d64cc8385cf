package dev.toolgate.proxy.inventory;

import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.ToolFingerprint;

import java.util.ArrayList;
import java.util.List;

/**
 * One tool as the inventory holds it: never the definition itself (an upstream controls its size), only its
 * fingerprint and classification.
 *
 * @param classification how its last listed definition classifies
 * @param listed         the fingerprint of its last listed definition
 * @param firstSeen      the fingerprint of the first definition seen, its pin when none is accepted
 * @param recent         the last {@value #RECENT} distinct fingerprints listed, newest last: they give an accepted pin
 *                       that holds only a hash its part hashes, so a change can still say what changed
 */
public record ToolRecord(Classification classification, ToolFingerprint listed, ToolFingerprint firstSeen,
                         List<ToolFingerprint> recent) {
    static final int RECENT = 4;

    public ToolRecord {
        recent = List.copyOf(recent);
    }

    /** The record after a new definition was listed. */
    ToolRecord next(Classification classification, ToolFingerprint listed) {
        List<ToolFingerprint> seen = new ArrayList<>(recent);
        seen.removeIf(f -> f.sha256().equals(listed.sha256()));
        seen.add(listed);
        return new ToolRecord(classification, listed, firstSeen, seen.subList(Math.max(0, seen.size() - RECENT), seen.size()));
    }

    /** {@code pin} with its part hashes when it holds none and one of the recent definitions has its hash. */
    ToolFingerprint withParts(ToolFingerprint pin) {
        if (!pin.parts().isEmpty()) {
            return pin;
        }
        for (ToolFingerprint seen : recent) {
            if (seen.sha256().equals(pin.sha256())) {
                return seen;
            }
        }
        return pin;
    }
}
