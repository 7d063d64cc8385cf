package dev.toolgate.policy.eval;

import dev.toolgate.policy.Decision;
import dev.toolgate.policy.counter.CounterClaim;

/**
 * What evaluating one call gives, before any counter changes: the decision the rules reach, and for an allowed call
 * (or one needing approval) the counter claims it needs, index-aligned with the rules that make them. A refusal
 * claims nothing. {@link CounterClaims} then checks or reserves the claims.
 */
public record Evaluation(Decision decision, CompiledRule[] claimingRules, CounterClaim[] claims) {
}
