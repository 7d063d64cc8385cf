package dev.toolgate.operator.approvals;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who sends a bearer token, asked of the API server with a TokenReview (no audience: the API server's own, so the
 * token is one kubectl could use). The answer, either way, is kept for at most {@link #MAX_TTL} under the token's
 * SHA-256 (never the token), so a page refreshing every few seconds does not make a TokenReview each time and a
 * token stops working within that of being revoked. An API server that does not answer is never cached: 503.
 * Blocks: call it off the event loop.
 */
public final class PersonAuthenticator {
    public static final Duration MAX_TTL = Duration.ofSeconds(30);
    /** Longer than any ServiceAccount or OIDC token seen in practice; Netty bounds the header at 8 KiB anyway. */
    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_CACHED = 1024;
    private static final String BEARER = "Bearer ";
    private static final Logger LOG = LoggerFactory.getLogger(PersonAuthenticator.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Person> person, Instant until) {
    }

    public PersonAuthenticator(KubernetesClient client, Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the TokenReview cache TTL is at most " + MAX_TTL.toSeconds() + " s: " + ttl);
        }
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The person an {@code Authorization} header's bearer token belongs to.
     *
     * @throws ApprovalsApiException 401 without a well-formed bearer token or when the API server does not
     *                               authenticate it, 503 when it cannot be asked
     */
    public Person authenticate(String authorization) {
        String token = token(authorization);
        String key = sha256(token);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached == null || !now.isBefore(cached.until())) {
            cached = new Cached(review(token, key), now.plus(ttl));
            remember(key, cached, now);
        }
        return cached.person().orElseThrow(ApprovalsApiException::unauthenticated);
    }

    private static String token(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApprovalsApiException.unauthenticated();
        }
        String token = authorization.substring(BEARER.length()).strip();
        // a token is visible ASCII: anything else is not one, and must not reach the API server or a log
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApprovalsApiException.unauthenticated();
        }
        return token;
    }

    private Optional<Person> review(String token, String key) {
        String ref = key.substring(0, 12);
        TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
        TokenReviewStatus status;
        try {
            status = client.tokenReviews().create(review).getStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("approvals API: the TokenReview of token {} failed ({})", ref, e.getCode());
            throw ApprovalsApiException.unavailable("TokenReview");
        }
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
                || status.getUser().getUsername() == null || status.getUser().getUsername().isEmpty()) {
            LOG.info("approvals API: token {} not authenticated", ref);
            return Optional.empty();
        }
        UserInfo user = status.getUser();
        return Optional.of(new Person(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }

    /** Keeps the answer unless the cache is full of live answers (then the next request asks again). */
    private void remember(String key, Cached answer, Instant now) {
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> !now.isBefore(c.until()));
        }
        if (cache.size() < MAX_CACHED) {
            cache.put(key, answer);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
