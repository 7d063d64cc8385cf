/**
 * The load benchmark: the proxy (or a bare relay, for comparison) driven by closed-loop MCP clients over real
 * sockets, and the A/B comparison of two builds. Run on purpose only (profile {@code bench}).
 */
package dev.toolgate.bench.load;
