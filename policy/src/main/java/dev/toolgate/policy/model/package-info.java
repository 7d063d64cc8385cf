/**
 * The policy after desugaring, as immutable records: tools, rules, conditions, counters, windows, scopes.
 * Depends on nothing but Jackson's JsonNode for literal values.
 */
package dev.toolgate.policy.model;
