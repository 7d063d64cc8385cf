/**
 * Orchestration of one client request: the MCP endpoint per event loop, a POST's read-decide-forward-relay
 * exchange, a GET's stream and the upstream call both make. Uses every stage package; none uses it.
 */
package dev.toolgate.proxy.exchange;
