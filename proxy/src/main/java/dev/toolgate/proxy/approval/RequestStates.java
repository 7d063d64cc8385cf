package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seals and opens the proxy's Multi Round-Trip {@code requestState}s: {@value #PREFIX}{@code <payload>.<mac>}, both
 * base64url without padding, the MAC an HMAC-SHA256 over everything before the second dot. The payload is JSON of a
 * {@link RequestState}. Opening checks, in order: size and form, the MAC (constant time), expiry (on the injected
 * clock), the binding to the call that carries it, then single use. A state that does not start with the prefix is
 * not the proxy's (an upstream's own MRTR state) and is left alone.
 *
 * <p>The key is the operator's Secret on Kubernetes, a file ({@code --approval-state-key-file}) or a random key per
 * process: proxies that share a key accept each other's states; single use is remembered per proxy.
 */
public final class RequestStates {
    /** Marks a state as the proxy's (and its format version). */
    public static final String PREFIX = "tg1.";
    /** Longer states are refused before any decoding; the proxy's are about 400 characters. */
    public static final int MAX_LENGTH = 2048;
    /** A key is at least this many bytes (HMAC-SHA256's output size). */
    public static final int MIN_KEY_BYTES = 32;
    static final int MAX_KEY_BYTES = 4096;
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final UsedNonces used;

    /** @param maxUsed how many presented states are remembered at once (see {@link UsedNonces}) */
    public RequestStates(byte[] key, Clock clock, int maxUsed) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("an approval state key is at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.clock = clock;
        this.used = new UsedNonces(maxUsed);
    }

    /** A random key, for a proxy whose states only it needs to read. */
    public static byte[] randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The key in {@code file}: its bytes as they are, {@value #MIN_KEY_BYTES} to 4096 of them. */
    public static byte[] readKey(Path file) throws IOException {
        long size = Files.size(file);
        if (size < MIN_KEY_BYTES || size > MAX_KEY_BYTES) {
            throw new IOException("the approval state key file " + file + " must hold " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " bytes (e.g. head -c 32 /dev/urandom > FILE); it holds " + size);
        }
        return Files.readAllBytes(file);
    }

    /** A state for {@code record}'s call, valid until {@code expiresAt}, with a fresh nonce. */
    public String seal(ApprovalRecord record, Instant expiresAt) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        ApprovalRequest request = record.request();
        ObjectNode payload = JSON.createObjectNode()
                .put("a", record.id()).put("s", request.mcpServer()).put("i", request.identity())
                .put("t", request.tool()).put("d", request.argumentsSha256())
                .put("e", expiresAt.getEpochSecond()).put("n", HexFormat.of().formatHex(nonce));
        String signed = PREFIX + ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /** True when {@code value} claims to be one of the proxy's states (it may still be forged). */
    public static boolean isOurs(JsonNode value) {
        return value != null && value.isTextual() && value.textValue().startsWith(PREFIX);
    }

    /**
     * The state, checked against the call {@code request} that carries it, and marked used.
     *
     * @throws RefusedState with the reason the client is told
     */
    public RequestState open(String value, ApprovalRequest request) throws RefusedState {
        RequestState state = verified(value);
        Instant now = clock.instant();
        if (!now.isBefore(state.expiresAt())) {
            throw new RefusedState("requestState has expired; call again without it");
        }
        if (!state.binds(request)) {
            throw new RefusedState("requestState was issued for another call (identity, tool or arguments differ)");
        }
        switch (used.use(state.nonce(), state.expiresAt(), now)) {
            case REUSED -> throw new RefusedState("requestState was already used; send the one from the latest answer");
            case FULL -> throw new RefusedState("too many approval retries are in flight; retry later");
            default -> {
                return state;
            }
        }
    }

    private RequestState verified(String value) throws RefusedState {
        RefusedState forged = new RefusedState("requestState was not issued by this proxy or was altered");
        int dot = value.length() > MAX_LENGTH || !value.startsWith(PREFIX) ? -1 : value.indexOf('.', PREFIX.length());
        if (dot < 0) {
            throw forged;
        }
        try {
            byte[] presented = DECODER.decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(presented, mac(value.substring(0, dot)))) {
                throw forged;
            }
            JsonNode payload = JSON.readTree(DECODER.decode(value.substring(PREFIX.length(), dot)));
            return new RequestState(text(payload, "a"), text(payload, "s"), text(payload, "i"), text(payload, "t"),
                    text(payload, "d"), Instant.ofEpochSecond(payload.path("e").asLong()), text(payload, "n"));
        } catch (IllegalArgumentException | IOException e) {
            throw forged;
        }
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.textValue();
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Why a presented state is refused; the message is for the client and names nothing secret. */
    public static final class RefusedState extends Exception {
        RefusedState(String message) {
            super(message, null, false, false);
        }
    }
}
