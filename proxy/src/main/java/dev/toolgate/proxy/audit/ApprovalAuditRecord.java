package dev.toolgate.proxy.audit;

import java.time.Instant;

/**
 * One transition of an approval, for the audit log: {@code event} is {@code requested}, {@code approved},
 * {@code denied}, {@code expired}, {@code consumed}, or {@code refused} (someone tried to decide it and was not
 * allowed; {@code by} is who, {@code reason} why).
 *
 * @param by     who decided (or tried to); null for transitions nobody made
 * @param reason the approver's reason, or why an attempt was refused; null otherwise
 */
public record ApprovalAuditRecord(Instant time, String event, String approvalId, String identity, String tool,
                                  String argumentsSha256, String rule, String by, String reason) {
}
