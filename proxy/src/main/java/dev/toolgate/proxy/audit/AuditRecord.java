package dev.toolgate.proxy.audit;

import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.model.RuleOrigin;

import java.time.Instant;
import java.util.List;

/**
 * One decided tool call, written once the outcome is known (after the upstream answered, for allowed calls).
 *
 * @param session         the first 16 hex digits of the SHA-256 of the {@code Mcp-Session-Id}, "none" without one;
 *                        never the id itself
 * @param origin          where the deciding rule comes from (the document, a ToolPolicy, the proxy itself)
 * @param argumentsSha256 hex SHA-256 of the canonical arguments JSON; the raw arguments are never recorded
 * @param upstreamStatus  HTTP status of the upstream, or null when the call was not forwarded
 * @param latencyMicros   time from receiving the request to the decision outcome being known
 * @param limitStore      null while the shared counter store answers (or the call needs no counter); else how the
 *                        call's counters were decided without it: {@link #STORE_UNAVAILABLE} or {@link #STORE_LOCAL}
 * @param grants          every grant the caller holds ({@code grant} is the first); never null
 * @param token           how the caller's token is named ({@code jti:…} or {@code sha256:<16 hex>}), never the token;
 *                        null for API keys and anonymous callers
 */
public record AuditRecord(Instant time, String identity, String grant, String session, String tool,
                          Outcome decision, String rule, RuleOrigin origin, String reason, String argumentsSha256,
                          Integer upstreamStatus, long latencyMicros, String limitStore, List<String> grants,
                          String token) {
    /** {@link #limitStore}: refused because the shared counter store could not answer (failure mode closed). */
    public static final String STORE_UNAVAILABLE = "unavailable";
    /** {@link #limitStore}: counted on this pod's share of the limit (failure mode local). */
    public static final String STORE_LOCAL = "local";

    public AuditRecord {
        origin = origin == null ? RuleOrigin.DOCUMENT : origin;
        grants = grants == null ? (grant == null ? List.of() : List.of(grant)) : List.copyOf(grants);
    }

    /** A call by a caller holding one grant, without a token reference, decided with the counter store answering. */
    public AuditRecord(Instant time, String identity, String grant, String session, String tool, Outcome decision,
                       String rule, RuleOrigin origin, String reason, String argumentsSha256, Integer upstreamStatus,
                       long latencyMicros) {
        this(time, identity, grant, session, tool, decision, rule, origin, reason, argumentsSha256, upstreamStatus,
                latencyMicros, null, null, null);
    }

    /** A call decided by a rule of the policy document. */
    public AuditRecord(Instant time, String identity, String grant, String session, String tool, Outcome decision,
                       String rule, String reason, String argumentsSha256, Integer upstreamStatus, long latencyMicros) {
        this(time, identity, grant, session, tool, decision, rule, RuleOrigin.DOCUMENT, reason, argumentsSha256,
                upstreamStatus, latencyMicros);
    }
}
