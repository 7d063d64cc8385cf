/**
 * Bytes and HTTP on Netty, both legs: client connections and requests, upstream connections and requests,
 * deadlines, SSE parsing, hop-by-hop headers, the request guard. Depends on Netty only; knows nothing of policy.
 */
package dev.toolgate.proxy.transport;
