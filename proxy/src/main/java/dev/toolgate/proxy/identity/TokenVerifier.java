package dev.toolgate.proxy.identity;

import java.util.concurrent.CompletionStage;

/**
 * Checks a bearer token. A verdict known at once (a cached one) comes as a completed stage; one that needs the network
 * or a blocking call completes later on another thread, never on the caller's (an event loop). Refusals are verdicts,
 * not failed stages: a verifier that cannot decide (the issuer's keys unreachable, the API server down) refuses.
 */
public interface TokenVerifier extends AutoCloseable {
    /** @param token the bearer token without the {@code Bearer } prefix, at most {@link BearerToken#MAX_LENGTH} chars */
    CompletionStage<Verdict> verify(String token);

    @Override
    default void close() {
    }
}
