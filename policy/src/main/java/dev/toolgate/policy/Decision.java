package dev.toolgate.policy;

import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.Subject;

/**
 * The result of evaluating one call.
 *
 * @param outcome           allow, deny, rate-limited or approval required
 * @param tool              the tool decided on
 * @param rule              the name of the rule that decided, or a fixed name such as {@code default}/{@code hide};
 *                          for an allowed call the last rule evaluated or {@code default}
 * @param origin            where that rule comes from: the document, a ToolPolicy merged into it, or the proxy
 * @param reason            the text shown to the agent (the rule's {@code reason}/{@code on_deny}), never null
 * @param retryAfterSeconds for {@link Outcome#RATE_LIMITED}: seconds until the window resets; otherwise null
 * @param reservation       counters reserved by an allowed call; {@link Reservation#NONE} otherwise
 * @param failure           for a call denied because evaluation failed: what failed, for the audit log and never for
 *                          the agent (whose {@code reason} is fixed); null otherwise
 * @param admittedBy        the {@code grants:} subject whose entries admitted the call (their limits are claimed with the
 *                          tool's), whatever the tool's rules then decided; null when the policy has no grants, or the
 *                          call was refused before the grants were asked (hidden, default deny) or by them
 */
public record Decision(Outcome outcome, String tool, String rule, RuleOrigin origin, String reason,
                       Long retryAfterSeconds, Reservation reservation, String failure, Subject admittedBy) {
    public Decision {
        origin = origin == null ? RuleOrigin.DOCUMENT : origin;
        reason = reason == null ? "" : reason;
        reservation = reservation == null ? Reservation.NONE : reservation;
    }

    /** A decision that no {@code grants:} entry took part in. */
    public Decision(Outcome outcome, String tool, String rule, RuleOrigin origin, String reason,
                    Long retryAfterSeconds, Reservation reservation, String failure) {
        this(outcome, tool, rule, origin, reason, retryAfterSeconds, reservation, failure, null);
    }

    /** A decision by a rule of the document (nothing failed). */
    public Decision(Outcome outcome, String tool, String rule, String reason, Long retryAfterSeconds,
                    Reservation reservation) {
        this(outcome, tool, rule, RuleOrigin.DOCUMENT, reason, retryAfterSeconds, reservation, null);
    }

    /** The same decision holding {@code counters}, reserved for it. */
    public Decision withReservation(Reservation counters) {
        return new Decision(outcome, tool, rule, origin, reason, retryAfterSeconds, counters, failure, admittedBy);
    }

    /** The same decision, admitted by the {@code grants:} entries of {@code subject}. */
    public Decision withAdmittedBy(Subject subject) {
        return new Decision(outcome, tool, rule, origin, reason, retryAfterSeconds, reservation, failure, subject);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
