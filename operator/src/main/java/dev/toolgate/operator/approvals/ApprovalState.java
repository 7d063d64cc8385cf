package dev.toolgate.operator.approvals;

import dev.toolgate.contract.ToolCallApprovals;
import dev.toolgate.operator.customresource.ToolCallApproval;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * The state the page shows, from what the resource says: the proxy's phase label (consumed, expired) first, then the
 * decision in status, and a pending one whose {@code expiresAt} has passed is expired (the proxy may be gone and never
 * mark it), so nobody is offered a decision that can no longer count.
 */
public enum ApprovalState {
    PENDING, APPROVED, DENIED, EXPIRED, CONSUMED;

    /** The wire form: {@code pending}, {@code approved}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalState of(ToolCallApproval approval, Instant now) {
        Map<String, String> labels = approval.getMetadata().getLabels();
        String phase = labels == null ? null : labels.get(ToolCallApprovals.PHASE_LABEL);
        if (ToolCallApprovals.PHASE_CONSUMED.equals(phase)) {
            return CONSUMED;
        }
        if (ToolCallApprovals.PHASE_EXPIRED.equals(phase)) {
            return EXPIRED;
        }
        String state = approval.getStatus() == null ? null : approval.getStatus().getState();
        if (ToolCallApprovals.APPROVED.equals(state)) {
            return APPROVED;
        }
        if (ToolCallApprovals.DENIED.equals(state)) {
            return DENIED;
        }
        if (state != null && !ToolCallApprovals.PENDING.equals(state)) {
            // Consumed or Expired written into status
            return state.equalsIgnoreCase(CONSUMED.name()) ? CONSUMED : EXPIRED;
        }
        return expired(approval, now) ? EXPIRED : PENDING;
    }

    private static boolean expired(ToolCallApproval approval, Instant now) {
        String expiresAt = approval.getSpec() == null ? null : approval.getSpec().getExpiresAt();
        try {
            return expiresAt == null || !now.isBefore(Instant.parse(expiresAt));
        } catch (DateTimeParseException e) {
            // the proxy always writes one; without a readable expiry, do not offer a decision
            return true;
        }
    }
}
