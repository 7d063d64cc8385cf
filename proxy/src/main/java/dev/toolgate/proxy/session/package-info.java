/**
 * MCP sessions the proxy has seen ({@code Mcp-Session-Id}), for their idle timeout.
 */
package dev.toolgate.proxy.session;
