/**
 * Approval of tool calls ({@code action: require_approval}): the record bound to exactly one call (tool, identity,
 * the SHA-256 of its RFC 8785 canonical arguments), the bounded book that holds records and moves them through
 * pending → approved/denied/expired → consumed, the gate the decide stage asks when the policy wants an approval,
 * the answers the agent reads, and the admin API a person decides through.
 */
package dev.toolgate.proxy.approval;
