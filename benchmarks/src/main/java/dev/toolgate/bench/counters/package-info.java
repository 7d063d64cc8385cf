/** JMH benchmarks of the counter stores: decisions per second in Redis (one counter, several, pipelined) and in memory. */
package dev.toolgate.bench.counters;
