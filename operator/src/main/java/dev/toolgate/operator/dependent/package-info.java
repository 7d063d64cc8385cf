/**
 * One dependent resource per object an McpServer owns (the proxy's Deployment, Service, ServiceAccount, Role,
 * RoleBinding and policy ConfigMap) and the names and labels they share. The proxy's command line and the
 * ConfigMap's name, key and annotation come from {@code dev.toolgate.contract}.
 */
package dev.toolgate.operator.dependent;
