/**
 * Status conditions (with lastTransitionTime and observedGeneration) and the diff that skips writing an
 * unchanged status.
 */
package dev.toolgate.operator.status;
