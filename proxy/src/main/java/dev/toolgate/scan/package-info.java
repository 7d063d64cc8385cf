/**
 * {@code scan}: an MCP client over Streamable HTTP that lists every tool of a server ({@link
 * dev.toolgate.scan.McpToolLister}, bounded in pages, tools and bytes) and the reports made of the list: a risk table,
 * JSON (which is also the standalone proxy's pins file) and a starter policy.
 */
package dev.toolgate.scan;
