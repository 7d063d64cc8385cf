package dev.toolgate.proxy.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Verifies OAuth 2.1 bearer JWTs as a resource server (MCP authorization spec; RFC 9068 access tokens): a signature by
 * one of the issuer's keys with an asymmetric algorithm of {@link #ALGORITHMS} (never {@code none}, never an HMAC, so
 * a public key can never serve as a shared secret), {@code iss} the configured issuer, {@code aud} naming this
 * endpoint (RFC 8707), {@code exp} required and {@code exp}/{@code nbf} checked against the clock with
 * {@link #CLOCK_SKEW} of skew, then the required scopes.
 *
 * <p>All of it runs on a small pool of its own, never on an event loop: the first token, and a token signed by a key
 * not yet known, fetch the JWK Set over the network. The JWK Set is discovered once, cached, refreshed ahead of its
 * expiry and when a token names an unknown {@code kid} (at most once per {@link #REFRESH_MIN_INTERVAL}), and while
 * the issuer is unreachable the cached keys keep working.
 */
public final class JwtVerifier implements TokenVerifier {
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final Duration REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);
    private static final Duration KEYS_TTL = Duration.ofMinutes(5);
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JwtVerifier.class);

    private final OidcSettings settings;
    private final Clock clock;
    private final ResourceRetriever retriever;
    private final VerifierPool pool = new VerifierPool("toolgate-jwt-verifier", 1024);
    /** Built once the JWK Set URL is known (given, or discovered on first use); touched on the pool only. */
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private Instant lastDiscoveryFailure;

    public JwtVerifier(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.retriever = new DefaultResourceRetriever(2_000, 2_000, 512 * 1024);
    }

    @Override
    public CompletionStage<Verdict> verify(String token) {
        return pool.verify(token, this::check);
    }

    private Verdict check(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            // alg "none" (an unsecured JWT), an encrypted one or no JWT at all
            LOG.info("token {} refused: not a signed JWT ({})", TokenRefs.of(token), e.getMessage());
            return new Verdict.Refused(Challenge.INVALID_TOKEN);
        }
        DefaultJWTProcessor<SecurityContext> processor = processor();
        if (processor == null) {
            LOG.warn("token {} refused: the issuer's keys are unknown (discovery failed)", TokenRefs.of(token));
            return new Verdict.Refused(Challenge.INVALID_TOKEN);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            LOG.info("token {} refused: {}", TokenRefs.of(token), e.getMessage());
            return new Verdict.Refused(Challenge.INVALID_TOKEN);
        }
        return verdict(token, claims);
    }

    private Verdict verdict(String token, JWTClaimsSet claims) {
        String ref = TokenRefs.of(token, claims.getJWTID());
        Instant expiry = claims.getExpirationTime().toInstant();
        var identity = ClaimsMapping.identity(claims.getClaim(settings.identityClaim()));
        List<String> grants = settings.grantsClaim() == null ? List.of() : ClaimsMapping.words(claims.getClaim(settings.grantsClaim()));
        if (identity.isEmpty() || grants == null) {
            LOG.info("token {} refused: claim {} or {} missing or out of bounds", ref, settings.identityClaim(), settings.grantsClaim());
            return new Verdict.Refused(Challenge.INVALID_TOKEN, expiry);
        }
        if (!settings.requiredScopes().isEmpty()) {
            List<String> scopes = scopes(claims);
            if (scopes == null || !scopes.containsAll(settings.requiredScopes())) {
                LOG.info("token {} of {} refused: it lacks a required scope", ref, identity.get());
                return new Verdict.Refused(Challenge.insufficientScope(String.join(" ", settings.requiredScopes())), expiry);
            }
        }
        return new Verdict.Accepted(identity.get(), grants, ref, expiry);
    }

    /** {@code scope} (RFC 9068, space-separated), else {@code scp} (a common array form). */
    private static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        return ClaimsMapping.words(scope != null ? scope : claims.getClaim("scp"));
    }

    /** The processor, discovering the JWK Set URL first if need be; null while discovery fails (retried later). */
    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> known = processor;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (processor != null) {
                return processor;
            }
            if (lastDiscoveryFailure != null && clock.instant().isBefore(lastDiscoveryFailure.plus(DISCOVERY_RETRY))) {
                return null;
            }
            try {
                URL jwks = settings.jwksUri() != null ? settings.jwksUri().toURL()
                        : OidcDiscovery.jwksUri(settings.issuer(), retriever);
                processor = build(jwks);
                return processor;
            } catch (IOException | RuntimeException e) {
                lastDiscoveryFailure = clock.instant();
                LOG.warn("discovering the JWK Set of {} failed: {}", settings.issuer(), e.toString());
                return null;
            }
        }
    }

    private DefaultJWTProcessor<SecurityContext> build(URL jwks) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                .cache(KEYS_TTL.toMillis(), 15_000)
                .refreshAheadCache(true)
                .rateLimited(REFRESH_MIN_INTERVAL.toMillis())
                .outageTolerant(true)
                .retrying(true)
                .build();
        DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
        // RFC 9068 access tokens are typed at+jwt; many issuers send JWT or no type
        built.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        built.setJWTClaimsSetVerifier(claimsVerifier());
        return built;
    }

    private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier() {
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build();
        Set<String> required = new HashSet<>(Set.of("exp", settings.identityClaim()));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.audience()), exact, required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        return verifier;
    }

    @Override
    public void close() {
        pool.close();
    }
}
