/**
 * The McpServer and ToolPolicy reconcilers: read secondaries, derive status, emit Warning Events.
 */
package dev.toolgate.operator.reconciler;
