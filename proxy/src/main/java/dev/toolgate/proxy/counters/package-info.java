/**
 * Counters shared by every replica: the {@link dev.toolgate.policy.counter.CounterStore} on Redis or Valkey
 * ({@link dev.toolgate.proxy.counters.RedisCounterStore}: Lettuce on the proxy's own event loops, one connection per
 * loop ({@link dev.toolgate.proxy.counters.RedisLane}), one Lua script per decision, the server's clock), how it is configured ({@link dev.toolgate.proxy.counters.RedisSettings}), and what
 * happens when it cannot answer ({@link dev.toolgate.proxy.counters.FailoverCounterStore}: closed or a local
 * per-pod share, reported by {@link dev.toolgate.proxy.counters.StoreHealth}).
 */
package dev.toolgate.proxy.counters;
