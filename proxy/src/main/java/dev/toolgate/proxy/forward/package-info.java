/**
 * Relaying the upstream's answers (JSON or SSE) to the client, inspecting them on the way: settling calls,
 * filtering tool lists.
 */
package dev.toolgate.proxy.forward;
