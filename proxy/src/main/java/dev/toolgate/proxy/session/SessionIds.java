package dev.toolgate.proxy.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an {@code Mcp-Session-Id} may be, and how one is written where people read: MCP (2025-06-18 and 2025-11-25,
 * Streamable HTTP, "Session Management") says a session id MUST only contain visible ASCII (0x21 to 0x7E); the
 * proxy also bounds its length, since it remembers ids. A session id is a bearer secret for the session, so logs and
 * audit lines carry a short hash of it, never the id.
 */
public final class SessionIds {
    public static final int MAX_LENGTH = 256;
    /** How {@link #hash} writes an absent session (a stateless call). */
    public static final String NONE = "none";

    private SessionIds() {
    }

    public static boolean valid(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The first 16 hex digits of the SHA-256 of the id: enough to correlate lines, useless to resume the session. */
    public static String hash(String id) {
        if (id == null || id.isEmpty() || id.equals(NONE)) {
            return NONE;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
