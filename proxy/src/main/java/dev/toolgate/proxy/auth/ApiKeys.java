package dev.toolgate.proxy.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticate stage's key table, from {@code --api-keys FILE} (YAML or JSON):
 * {@code {"keys":[{"token":"...","identity":"alice","grant":"team-a"}]}}.
 * Lookup compares the presented token with every key in constant time, so timing reveals neither a key nor
 * how much of one matched.
 */
public final class ApiKeys {
    private final List<ApiKey> keys;
    /** SHA-256 of each token: comparing fixed-length digests keeps the token length out of the timing too. */
    private final List<byte[]> digests;

    public ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
        this.digests = this.keys.stream().map(k -> sha256(k.token())).toList();
    }

    /** Reads a keys file; every problem in it is reported in one message. */
    public static ApiKeys load(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        List<String> errors = new ArrayList<>();
        List<ApiKey> keys = new ArrayList<>();
        JsonNode entries = root == null ? null : root.get("keys");
        if (entries == null || !entries.isArray()) {
            throw new IOException(file + ": expected {\"keys\": [{\"token\": ..., \"identity\": ..., \"grant\": ...}]}");
        }
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String token = entry.path("token").asText("");
            String identity = entry.path("identity").asText("");
            if (token.isEmpty()) {
                errors.add("keys[" + i + "].token: missing; give each key a non-empty token");
            } else if (!tokens.add(token)) {
                errors.add("keys[" + i + "].token: the same token is given twice");
            }
            if (identity.isEmpty()) {
                errors.add("keys[" + i + "].identity: missing; say who holds this key");
            }
            keys.add(new ApiKey(token, identity, entry.path("grant").asText("default")));
        }
        if (!errors.isEmpty()) {
            throw new IOException(file + ":\n" + String.join("\n", errors));
        }
        return new ApiKeys(keys);
    }

    /** The key whose token equals the bearer token in an {@code Authorization} header value. */
    public Optional<ApiKey> authenticate(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        ApiKey match = null;
        for (int i = 0; i < keys.size(); i++) {
            // no early exit: every key is compared, whatever matched
            if (MessageDigest.isEqual(presented, digests.get(i))) {
                match = keys.get(i);
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** These keys and {@code more}. */
    public ApiKeys and(ApiKey more) {
        List<ApiKey> all = new ArrayList<>(keys);
        all.add(more);
        return new ApiKeys(all);
    }

    public int size() {
        return keys.size();
    }
}
