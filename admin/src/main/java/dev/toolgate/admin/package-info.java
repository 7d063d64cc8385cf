/**
 * The admin HTTP server the proxy and the operator both serve: /metrics (Prometheus text), /healthz and
 * /readyz. Depends on Netty's HTTP codec and Micrometer only; nothing Toolgate-specific.
 */
package dev.toolgate.admin;
