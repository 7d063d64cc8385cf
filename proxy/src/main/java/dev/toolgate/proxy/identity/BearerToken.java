package dev.toolgate.proxy.identity;

import java.util.Optional;

/**
 * Reads the bearer token of a request the only way the MCP authorization spec allows: one {@code Authorization: Bearer}
 * header (RFC 6750 §2.1). A token in the query string ({@code access_token=}) is refused, not ignored: it ends up in
 * logs and caches along the way, and a client sending one must hear that it is wrong.
 */
public final class BearerToken {
    /** Longer tokens are refused unread: a JWT with a few dozen claims is far below this. */
    public static final int MAX_LENGTH = 8192;
    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** What the request carries: a token, none, or a way of sending one that is refused. */
    public sealed interface Presented {
        record Token(String value) implements Presented {
            @Override
            public String toString() {
                return "Token[" + TokenRefs.of(value) + "]";
            }
        }

        record None() implements Presented {
        }

        record Refused(Challenge challenge) implements Presented {
        }
    }

    /**
     * @param authorization the {@code Authorization} header (the head checks already refused a repeated one), or null
     * @param uri           the request target, whose query must not carry a token
     */
    public static Presented read(String authorization, String uri) {
        if (carriesQueryToken(uri)) {
            return new Presented.Refused(Challenge.invalidRequest("send the token in the Authorization header, not the URL"));
        }
        if (authorization == null) {
            return new Presented.None();
        }
        if (authorization.length() < SCHEME.length() || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return new Presented.Refused(Challenge.INVALID_TOKEN);
        }
        String token = authorization.substring(SCHEME.length()).strip();
        if (token.isEmpty() || token.length() > MAX_LENGTH) {
            return new Presented.Refused(Challenge.INVALID_TOKEN);
        }
        return new Presented.Token(token);
    }

    private static boolean carriesQueryToken(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return false;
        }
        int fragment = uri.indexOf('#', query);
        String params = uri.substring(query + 1, fragment < 0 ? uri.length() : fragment);
        for (String param : params.split("&")) {
            int equals = param.indexOf('=');
            String name = equals < 0 ? param : param.substring(0, equals);
            if (name.equalsIgnoreCase("access_token") || name.equalsIgnoreCase("access%5Ftoken")) {
                return true;
            }
        }
        return false;
    }

    /** The token a header names, if it is a well-formed bearer token (for API keys, which are looked up directly). */
    public static Optional<String> of(String authorization) {
        return read(authorization, "") instanceof Presented.Token token ? Optional.of(token.value()) : Optional.empty();
    }
}
