/**
 * MCP sessions as the proxy sees them: which ids the upstream accepted, which identity each belongs to, how long an
 * idle one is remembered, how many there may be, and how an id is written where people read (a hash, never the id).
 */
package dev.toolgate.proxy.session;
