/**
 * Bounded tables of meters keyed by label values.
 */
package dev.toolgate.proxy.metrics;
