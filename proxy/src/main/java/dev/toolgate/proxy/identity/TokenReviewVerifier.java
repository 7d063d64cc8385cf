package dev.toolgate.proxy.identity;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Verifies Kubernetes ServiceAccount tokens by asking the API server (a TokenReview with the expected audience): the
 * identity is the user name, {@code system:serviceaccount:<namespace>:<name>}, the grants its groups. Only a
 * ServiceAccount token is accepted (another user the API server knows is refused). The answer is reused for at most
 * {@code ttl} (30 s at most), so a token stops working within that of its pod or ServiceAccount being deleted;
 * a definite "not authenticated" is reused as long, which keeps a client repeating a bad token from turning each call
 * into an API request. An API server that cannot answer gets nothing reused: the token is refused and asked about again.
 */
public final class TokenReviewVerifier implements TokenVerifier {
    public static final Duration MAX_TTL = Duration.ofSeconds(30);
    static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenReviewVerifier.class);

    private final KubernetesClient client;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    /** The fabric8 call blocks: it runs here, never on an event loop; the queue bounds what waits for the API server. */
    private final VerifierPool pool = new VerifierPool("toolgate-token-review", 256);

    /** @param audience the audience the token must have been issued for (the McpServer's endpoint) */
    public TokenReviewVerifier(KubernetesClient client, String audience, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the TokenReview cache TTL is at most " + MAX_TTL.toSeconds() + " s: " + ttl);
        }
        this.client = client;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Verdict> verify(String token) {
        return pool.verify(token, this::review);
    }

    private Verdict review(String token) {
        String ref = TokenRefs.of(token);
        TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience).endSpec().build();
        TokenReviewStatus status;
        try {
            status = client.tokenReviews().create(review).getStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("token {} refused: the TokenReview failed ({} {})", ref, e.getCode(), e.getClass().getSimpleName());
            return new Verdict.Refused(Challenge.INVALID_TOKEN);
        }
        Instant until = clock.instant().plus(ttl);
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            LOG.info("token {} refused by the TokenReview: {}", ref, status == null ? "no status" : status.getError());
            return new Verdict.Refused(Challenge.INVALID_TOKEN, until);
        }
        UserInfo user = status.getUser();
        String name = user.getUsername();
        if (name == null || !name.startsWith(SERVICE_ACCOUNT_PREFIX) || status.getAudiences() == null
                || !status.getAudiences().contains(audience)) {
            LOG.info("token {} refused: not a ServiceAccount token for {}", ref, audience);
            return new Verdict.Refused(Challenge.INVALID_TOKEN, until);
        }
        List<String> groups = ClaimsMapping.words(user.getGroups() == null ? List.of() : user.getGroups());
        var identity = ClaimsMapping.identity(name);
        if (groups == null || identity.isEmpty()) {
            LOG.info("token {} refused: the ServiceAccount's name or groups are out of bounds", ref);
            return new Verdict.Refused(Challenge.INVALID_TOKEN, until);
        }
        return new Verdict.Accepted(identity.get(), groups, ref, until);
    }

    @Override
    public void close() {
        pool.close();
    }
}
