package dev.toolgate.proxy.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How logs and the audit name a token without writing it: {@code jti:<id>} when the token has a usable {@code jti},
 * else {@code sha256:<first 16 hex digits>}. The prefix links the lines of one token and cannot be replayed.
 */
public final class TokenRefs {
    private static final int MAX_JTI = 64;

    private TokenRefs() {
    }

    public static String of(String token) {
        return "sha256:" + HexFormat.of().formatHex(sha256(token), 0, 8);
    }

    /** {@code jti:<jti>} when it is short printable ASCII (it goes into JSON and log lines), else the hash. */
    public static String of(String token, String jti) {
        if (jti != null && !jti.isEmpty() && jti.length() <= MAX_JTI && jti.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            return "jti:" + jti;
        }
        return of(token);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
