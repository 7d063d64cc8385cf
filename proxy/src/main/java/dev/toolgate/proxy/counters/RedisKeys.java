package dev.toolgate.proxy.counters;

import dev.toolgate.policy.counter.CounterKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names of counter instances in Redis: {@code toolgate:{<tag>}:<counter>:<scope digest>}. The hash tag (one per
 * McpServer, {@code {namespace/name}}, or {@code {standalone}}) puts every key of one proxy in one cluster slot, so a
 * script may touch all the keys a call needs. The scope value (a grant, identity or session, chosen by the caller) is
 * hashed: keys stay short and bounded whatever the caller sends, and a {@code :} in it cannot make two keys one.
 */
final class RedisKeys {
    /**
     * Slots of the digest memo: scope values repeat (a few grants, identities, sessions), so each limited call need not
     * hash its scope again. Direct-mapped with immutable entries: bounded memory whatever callers send, no lock; a
     * lost race between two loops only costs a second hash.
     */
    private static final int MEMO_SLOTS = 256;

    private final String prefix;
    private final Digested[] memo = new Digested[MEMO_SLOTS];

    private record Digested(String scope, String digest) {
    }

    RedisKeys(String tag) {
        if (tag.isEmpty() || tag.indexOf('{') >= 0 || tag.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a counter key tag is non-empty and has no braces: " + tag);
        }
        this.prefix = "toolgate:{" + tag + "}:";
    }

    String key(CounterKey key) {
        // the counter id is a policy name (no ':'), the length prefix keeps it unambiguous all the same
        return prefix + key.counter().length() + ":" + key.counter() + ":" + digest(key.scope());
    }

    private String digest(String scope) {
        if (scope.isEmpty()) {
            return "-";
        }
        int slot = scope.hashCode() & (MEMO_SLOTS - 1);
        Digested known = memo[slot];
        if (known != null && known.scope().equals(scope)) {
            return known.digest();
        }
        String digest = sha256(scope);
        memo[slot] = new Digested(scope, digest);
        return digest;
    }

    private static String sha256(String scope) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
