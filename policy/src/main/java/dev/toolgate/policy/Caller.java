package dev.toolgate.policy;

import java.util.List;
import java.util.Objects;

/**
 * Who makes a tool call: the keys that counter scopes use and the grants that policies name.
 *
 * @param identity the authenticated principal (an API key's identity, a JWT subject, a ServiceAccount's
 *                 {@code system:serviceaccount:ns:name}); "anonymous" without auth
 * @param grants   the grants the credential carries (teams, plans, groups, scopes), in the credential's order; never
 *                 empty: {@code [default]} when it carries none
 * @param session  the MCP session ({@code Mcp-Session-Id}); "none" for stateless calls
 */
public record Caller(String identity, List<String> grants, String session) {
    public static final String DEFAULT_GRANT = "default";
    public static final Caller ANONYMOUS = new Caller("anonymous", DEFAULT_GRANT, "none");

    public Caller {
        identity = identity == null || identity.isEmpty() ? "anonymous" : identity;
        grants = grants == null ? List.of() : grants.stream().filter(Objects::nonNull).filter(g -> !g.isEmpty())
                .distinct().toList();
        if (grants.isEmpty()) {
            grants = List.of(DEFAULT_GRANT);
        }
        session = session == null || session.isEmpty() ? "none" : session;
    }

    /** A caller holding one grant. */
    public Caller(String identity, String grant, String session) {
        this(identity, grant == null ? List.of() : List.of(grant), session);
    }

    /**
     * The primary grant: the first one the credential carries. Counters with {@code scope: grant} are keyed by it, so
     * that a caller holding several grants still spends one counter per call.
     */
    public String grant() {
        return grants.get(0);
    }
}
