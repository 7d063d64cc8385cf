/**
 * JMH benchmarks of policy decisions. Depends on the policy language only.
 */
package dev.toolgate.bench.policy;
