/**
 * The operator's cluster-wide approvals API (#19), on its HTTP port next to /metrics: {@code GET /approvals} lists the
 * ToolCallApprovals of every watched namespace the person may list, {@code POST /approvals/<namespace>/<name>/approve}
 * or {@code /deny} decides one. The person is who the API server says their bearer token is
 * ({@link dev.toolgate.operator.approvals.PersonAuthenticator}, a TokenReview), and may do what the API server's
 * authorizer says ({@link dev.toolgate.operator.approvals.ApprovalAccess}, a SubjectAccessReview per request), so the
 * API gives no one more than kubectl would. The operator writes the decision with its own ServiceAccount naming the
 * person in {@code status.decidedBy}; the chart's ValidatingAdmissionPolicy admits exactly that writer doing so.
 */
package dev.toolgate.operator.approvals;
