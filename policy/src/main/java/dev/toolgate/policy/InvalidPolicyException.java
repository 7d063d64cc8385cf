package dev.toolgate.policy;

import java.util.List;

/** A policy document that cannot be loaded; carries every error found, not just the first. */
public class InvalidPolicyException extends Exception {
    private final List<PolicyError> errors;

    public InvalidPolicyException(String source, List<PolicyError> errors) {
        super(source + ": " + errors.size() + " error(s)\n" + String.join("\n", errors.stream().map(PolicyError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
