package dev.toolgate.proxy.identity;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Remembers verdicts per token so a token is verified once, not per call: each for as long as its verifier says
 * ({@link Verdict#reusableUntil()}: a JWT until its {@code exp}, a TokenReview for at most its TTL), at most
 * {@code capacity} tokens (least recently used go first). Keys are the tokens' SHA-256, so the cache holds no token.
 */
public final class VerdictCache implements TokenVerifier {
    public static final int DEFAULT_CAPACITY = 10_000;
    private final TokenVerifier verifier;
    private final Clock clock;
    private final Map<ByteBuffer, Verdict> verdicts;

    public VerdictCache(TokenVerifier verifier, Clock clock, int capacity) {
        this.verifier = verifier;
        this.clock = clock;
        this.verdicts = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Verdict> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public CompletionStage<Verdict> verify(String token) {
        ByteBuffer key = ByteBuffer.wrap(TokenRefs.sha256(token));
        Instant now = clock.instant();
        Verdict known;
        synchronized (verdicts) {
            known = verdicts.get(key);
            if (known != null && !now.isBefore(known.reusableUntil())) {
                verdicts.remove(key);
                known = null;
            }
        }
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return verifier.verify(token).thenApply(verdict -> {
            if (verdict.reusableUntil() != null && clock.instant().isBefore(verdict.reusableUntil())) {
                synchronized (verdicts) {
                    verdicts.put(key, verdict);
                }
            }
            return verdict;
        });
    }

    /** Tokens remembered now (expired ones included until they are looked up or pushed out). */
    int size() {
        synchronized (verdicts) {
            return verdicts.size();
        }
    }

    @Override
    public void close() {
        verifier.close();
    }
}
