package dev.toolgate.proxy.inventory;

import dev.toolgate.policy.risk.ToolFingerprint;

import java.util.Map;

/** The definitions a person accepted, by tool name. Read on every check, so an implementation keeps it cheap. */
public interface AcceptedPins {
    /** No pinning at all: definitions are classified, never held against a pin. */
    AcceptedPins NONE = new AcceptedPins() {
        @Override
        public Map<String, ToolFingerprint> accepted() {
            return Map.of();
        }

        @Override
        public boolean pinning() {
            return false;
        }
    };

    /** The accepted fingerprints by tool name. */
    Map<String, ToolFingerprint> accepted();

    /**
     * True when definitions are pinned: a tool without an accepted fingerprint is pinned to the first definition seen,
     * and a listed definition that differs from its pin needs a person.
     */
    default boolean pinning() {
        return true;
    }
}
