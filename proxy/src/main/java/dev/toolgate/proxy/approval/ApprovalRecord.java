package dev.toolgate.proxy.approval;

import java.time.Instant;

/**
 * One approval, immutable: each transition makes a new record (the {@link ApprovalBook} swaps them).
 *
 * @param id               random, unguessable, URL-safe
 * @param preview          the redacted, capped arguments ({@link ArgumentsPreview}); attacker-controlled text
 * @param rule             the require_approval rule that asked for it
 * @param reason           that rule's reason
 * @param policyGeneration which policy in force asked (counts policies put in force since start)
 * @param expiresAt        a pending record expires then; an approved one must be used by then
 * @param decidedBy        who approved or denied it; null before
 * @param decisionReason   the approver's reason; null before
 */
public record ApprovalRecord(String id, ApprovalRequest request, String preview, String rule, String reason,
                             long policyGeneration, Instant createdAt, Instant expiresAt, ApprovalState state,
                             String decidedBy, Instant decidedAt, String decisionReason) {

    ApprovalRecord moved(ApprovalState next, Instant expiry) {
        return new ApprovalRecord(id, request, preview, rule, reason, policyGeneration, createdAt, expiry, next,
                decidedBy, decidedAt, decisionReason);
    }

    ApprovalRecord decided(ApprovalState next, String by, Instant at, String why, Instant expiry) {
        return new ApprovalRecord(id, request, preview, rule, reason, policyGeneration, createdAt, expiry, next, by, at,
                why);
    }
}
