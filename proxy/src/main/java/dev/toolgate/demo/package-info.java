/**
 * The bundled demo upstream MCP server (the MCP Java SDK on Jetty) the {@code demo} command puts behind the
 * proxy. Nothing in the proxy depends on it.
 */
package dev.toolgate.demo;
