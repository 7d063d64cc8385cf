package dev.toolgate.proxy.session;

import java.util.Optional;

/**
 * The session check every request passes after authentication. A malformed {@code Mcp-Session-Id} is refused with
 * 400; a session another identity opened is, to the caller, a session that does not exist: 404, which MCP clients
 * answer by starting a new session, and the upstream never sees the request. With API keys a session the proxy never
 * saw the upstream accept is refused the same way (fail closed: the proxy cannot tell whose it is); without them every
 * caller is the same anonymous identity and such an id goes to the upstream, which is the judge of its sessions.
 */
public final class SessionGate {
    /** Why a request is refused, with the HTTP status; the message is fixed and names no client data. */
    public record Refusal(int status, String message) {
    }

    private static final Refusal MALFORMED = new Refusal(400, "Bad Request: an Mcp-Session-Id is 1 to "
            + SessionIds.MAX_LENGTH + " visible ASCII characters");
    private static final Refusal NO_SUCH_SESSION = new Refusal(404,
            "Not Found: no such session; send initialize without Mcp-Session-Id to start one");

    private final SessionTracker sessions;
    private final boolean identified;

    /** @param identified callers authenticate (API keys), so sessions belong to identities */
    public SessionGate(SessionTracker sessions, boolean identified) {
        this.sessions = sessions;
        this.identified = identified;
    }

    public Optional<Refusal> check(String sessionId, String identity) {
        if (sessionId == null) {
            return Optional.empty();
        }
        if (!SessionIds.valid(sessionId)) {
            return Optional.of(MALFORMED);
        }
        return switch (sessions.access(sessionId, identity)) {
            case OWN -> Optional.empty();
            case FOREIGN -> Optional.of(NO_SUCH_SESSION);
            case UNKNOWN -> identified ? Optional.of(NO_SUCH_SESSION) : Optional.empty();
        };
    }
}
