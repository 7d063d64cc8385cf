/**
 * The operator's /metrics, /healthz and /readyz: the shared {@code dev.toolgate.admin} server on an event loop
 * of its own.
 */
package dev.toolgate.operator.http;
