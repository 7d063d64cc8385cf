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
 */
public record Decision(Outcome outcome, String tool, String rule, String reason, Long retryAfterSeconds,
                       Reservation reservation) {
    public Decision {
        reason = reason == null ? "" : reason;
        reservation = reservation == null ? Reservation.NONE : reservation;
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
