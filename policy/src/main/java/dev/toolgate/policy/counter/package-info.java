/**
 * Where counters live: the {@link dev.toolgate.policy.counter.CounterStore} interface (reserve within a limit,
 * commit, roll back) and its in-memory implementation. Depends on the model's windows only.
 */
package dev.toolgate.policy.counter;
