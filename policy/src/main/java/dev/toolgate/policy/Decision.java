package dev.toolgate.policy;

/**
 * The result of evaluating one call.
 *
 * @param outcome           allow, deny, rate-limited or approval required
 * @param tool              the tool decided on
 * @param rule              the name of the rule that decided, or a fixed name such as {@code default}/{@code hide};
 *                          for an allowed call the last rule evaluated or {@code default}
 * @param reason            the text shown to the agent (the rule's {@code reason}/{@code on_deny}), never null
 * @param retryAfterSeconds for {@link Outcome#RATE_LIMITED}: seconds until the window resets; otherwise null
 * @param reservation       counters reserved by an allowed call; {@link Reservation#NONE} otherwise
 * @param failure           for a call denied because evaluation failed: what failed, for the audit log and never for
 *                          the agent (whose {@code reason} is fixed); null otherwise
 */
public record Decision(Outcome outcome, String tool, String rule, String reason, Long retryAfterSeconds,
                       Reservation reservation, String failure) {
    public Decision {
        reason = reason == null ? "" : reason;
        reservation = reservation == null ? Reservation.NONE : reservation;
    }

    /** A decision the policy reached (nothing failed). */
    public Decision(Outcome outcome, String tool, String rule, String reason, Long retryAfterSeconds,
                    Reservation reservation) {
        this(outcome, tool, rule, reason, retryAfterSeconds, reservation, null);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
