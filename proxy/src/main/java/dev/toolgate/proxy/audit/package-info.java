/**
 * The audit trail: one record per decided call, written as JSON lines and counted in metrics.
 */
package dev.toolgate.proxy.audit;
