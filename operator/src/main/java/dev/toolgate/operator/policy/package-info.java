/**
 * ToolPolicy documents on the operator's side: validation with the policy language and the plan of what an
 * McpServer's ConfigMap holds, the merge of its accepted ToolPolicies by {@link dev.toolgate.policy.PolicyMerger}.
 * Depends on {@code dev.toolgate.policy} and the custom resources.
 */
package dev.toolgate.operator.policy;
