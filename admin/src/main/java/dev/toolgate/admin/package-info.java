/**
 * The admin HTTP server the proxy and the operator both serve: /metrics (Prometheus text), /healthz and
 * /readyz, and more routes given to it (the approvals page lives in {@code dev.toolgate.admin.approvals}). Depends on
 * Netty's HTTP codec and Micrometer only.
 */
package dev.toolgate.admin;
