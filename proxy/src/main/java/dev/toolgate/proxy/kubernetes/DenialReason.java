package dev.toolgate.proxy.kubernetes;

import dev.toolgate.policy.Outcome;

import java.util.Optional;

/** The Event reason for each kind of refusal; {@code kubectl get events --field-selector reason=...} filters on it. */
enum DenialReason {
    TOOL_CALL_DENIED("ToolCallDenied", "denied"),
    RATE_LIMITED("RateLimited", "rate-limited"),
    APPROVAL_REQUIRED("ApprovalRequired", "held for approval");

    private final String reason;
    private final String verb;

    DenialReason(String reason, String verb) {
        this.reason = reason;
        this.verb = verb;
    }

    /** The Event's {@code reason} field. */
    String reason() {
        return reason;
    }

    /** How the note says what happened to the call. */
    String verb() {
        return verb;
    }

    /** Empty for an allowed call: only refusals become Events. */
    static Optional<DenialReason> of(Outcome outcome) {
        if (outcome == null) {
            return Optional.empty();
        }
        return switch (outcome) {
            case ALLOW -> Optional.empty();
            case DENY -> Optional.of(TOOL_CALL_DENIED);
            case RATE_LIMITED -> Optional.of(RATE_LIMITED);
            case REQUIRE_APPROVAL -> Optional.of(APPROVAL_REQUIRED);
        };
    }
}
