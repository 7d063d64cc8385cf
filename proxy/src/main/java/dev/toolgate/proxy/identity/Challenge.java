package dev.toolgate.proxy.identity;

/**
 * How a request without an acceptable token is answered (RFC 6750 §3): the HTTP status, the {@code error} code of the
 * {@code WWW-Authenticate: Bearer} challenge and a fixed description that names no client data. Why exactly a token
 * was refused goes to the log, never to the client.
 *
 * @param status      401, 403, 400, or 503 when the token could not be checked now
 * @param error       {@code invalid_token}, {@code insufficient_scope}, {@code invalid_request}, or null when the
 *                    request carried no token at all (RFC 6750: then the challenge names no error)
 * @param description the client-visible reason, fixed text
 * @param scope       the scopes a token needs ({@code insufficient_scope} only), space-separated; else null
 */
public record Challenge(int status, String error, String description, String scope) {
    public static final Challenge MISSING = new Challenge(401, null, "a bearer token is required", null);
    public static final Challenge INVALID_TOKEN = new Challenge(401, "invalid_token",
            "the bearer token is not valid for this resource", null);

    /** The verifier is overloaded: retry later (no challenge: the token may well be valid). */
    public static final Challenge BUSY = new Challenge(503, null, "token verification is busy; retry shortly", null);

    /** The token was malformed or sent in a way the proxy refuses (in the query string, twice). */
    public static Challenge invalidRequest(String description) {
        return new Challenge(400, "invalid_request", description, null);
    }

    /** A valid token without every scope in {@code scope} (space-separated). */
    public static Challenge insufficientScope(String scope) {
        return new Challenge(403, "insufficient_scope", "the bearer token lacks a required scope", scope);
    }

    /**
     * The {@code WWW-Authenticate} value.
     *
     * @param resourceMetadata the Protected Resource Metadata URL to point the client at, or null when there is none
     */
    public String header(String resourceMetadata) {
        StringBuilder header = new StringBuilder("Bearer realm=\"toolgate\"");
        if (resourceMetadata != null) {
            header.append(", resource_metadata=\"").append(resourceMetadata).append('"');
        }
        if (error != null) {
            header.append(", error=\"").append(error).append("\", error_description=\"").append(description).append('"');
        }
        if (scope != null) {
            header.append(", scope=\"").append(scope).append('"');
        }
        return header.toString();
    }
}
