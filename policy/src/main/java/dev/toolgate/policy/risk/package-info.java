/**
 * Risk classification of MCP tools: a pure, deterministic {@link dev.toolgate.policy.risk.ToolClassifier} from a
 * tool's definition (name, description, input schema, annotations) to a {@link dev.toolgate.policy.risk.RiskClass},
 * a {@link dev.toolgate.policy.risk.RiskLevel}, the signals that led there and a confidence; the
 * {@link dev.toolgate.policy.risk.ToolFingerprint} of a definition that pinning compares; and the
 * {@link dev.toolgate.policy.risk.StarterPolicy} that {@code scan} writes. The rules are documented in
 * {@code docs/risk.md}.
 */
package dev.toolgate.policy.risk;
