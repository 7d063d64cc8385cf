/**
 * The compiled form the evaluator runs (rules, conditions, counters, globs, regexes, per-tool plans) and the
 * evaluator itself. Depends on the model and the counter store.
 */
package dev.toolgate.policy.eval;
