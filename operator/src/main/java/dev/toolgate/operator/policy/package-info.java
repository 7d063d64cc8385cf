/**
 * ToolPolicy documents on the operator's side: validation with the policy language, the merge of an McpServer's
 * accepted ToolPolicies and the plan of what its ConfigMap holds. Depends on {@code dev.toolgate.policy} and the
 * custom resources.
 */
package dev.toolgate.operator.policy;
