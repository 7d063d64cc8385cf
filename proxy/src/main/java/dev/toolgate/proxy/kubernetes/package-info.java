/**
 * Kubernetes mode: the policy from the watched ConfigMap the operator writes (names from
 * {@code dev.toolgate.contract}), denials as Events on the McpServer and ToolPolicy. Depends on fabric8.
 */
package dev.toolgate.proxy.kubernetes;
