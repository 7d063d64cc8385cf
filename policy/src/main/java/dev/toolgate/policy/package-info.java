/**
 * The policy language's entry points: load and compile a policy ({@link dev.toolgate.policy.PolicyLoader}),
 * decide calls ({@link dev.toolgate.policy.PolicyEngine}, the one place a failed evaluation becomes a denial),
 * write and merge policies, and the decision types. This module depends on Jackson (JSON, YAML) and RE2/J only.
 */
package dev.toolgate.policy;
