/**
 * Approval of tool calls ({@code action: require_approval}): the record bound to exactly one call (tool, identity,
 * the SHA-256 of its RFC 8785 canonical arguments), the bounded book that holds records and moves them through
 * pending → approved/denied/expired → consumed, the gate the decide stage asks when the policy wants an approval,
 * the answers the agent reads, and the admin API a person decides through.
 *
 * <p>The answers follow the client's protocol ({@link dev.toolgate.proxy.approval.ClientContext}): the tool result
 * every client reads ({@link dev.toolgate.proxy.approval.ApprovalAnswers}), or the MCP-native ones
 * ({@link dev.toolgate.proxy.approval.NativeAnswers}): the 2025-11-25 {@code -32042} error with
 * {@code notifications/elicitation/complete} once decided ({@link dev.toolgate.proxy.approval.ElicitationWatch}), and
 * the 2026-07-28 {@code input_required} result whose HMAC-sealed, single-use {@code requestState}
 * ({@link dev.toolgate.proxy.approval.RequestStates}) lets the retry wait for the decision.
 */
package dev.toolgate.proxy.approval;
