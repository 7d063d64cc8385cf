package dev.toolgate.policy;

/** What the policy says about one tool call. */
public enum Outcome {
    /** The call may go to the upstream. */
    ALLOW,
    /** A rule, the default, or {@code hide} refuses the call. */
    DENY,
    /** A counter would exceed its maximum in the current window. */
    RATE_LIMITED,
    /** The call may only proceed once a person approves it. */
    REQUIRE_APPROVAL
}
