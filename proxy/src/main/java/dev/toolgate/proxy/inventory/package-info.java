/**
 * What the proxy knows about the upstream's tools: each tool's definition as last listed through it, classified
 * ({@link dev.toolgate.proxy.inventory.ToolInventory}), and the pinning of definitions against accepted fingerprints
 * ({@link dev.toolgate.proxy.inventory.AcceptedPins}: a pins file standalone, the McpServer's accepted list on
 * Kubernetes). A tool whose definition changed from its pin needs approval (or is denied) until a person accepts it.
 */
package dev.toolgate.proxy.inventory;
