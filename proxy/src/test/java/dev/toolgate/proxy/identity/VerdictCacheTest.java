package dev.toolgate.proxy.identity;

import dev.toolgate.policy.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Verdicts reused per token until they say, for a bounded number of tokens. */
class VerdictCacheTest {
    private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
    private final AtomicInteger asked = new AtomicInteger();
    private final TokenVerifier oneMinute = token -> {
        asked.incrementAndGet();
        return CompletableFuture.completedFuture(new Verdict.Accepted(token, List.of(), null,
                clock.instant().plus(Duration.ofMinutes(1))));
    };

    @Test
    void aVerdictIsReusedUntilItsTimeThenAskedForAgain() {
        VerdictCache cache = new VerdictCache(oneMinute, clock, 10);
        cache.verify("t").toCompletableFuture().join();
        cache.verify("t").toCompletableFuture().join();
        assertThat(asked).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        cache.verify("t").toCompletableFuture().join();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aVerdictWithoutATimeIsNeverReused() {
        VerdictCache cache = new VerdictCache(token -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new Verdict.Refused(Challenge.INVALID_TOKEN));
        }, clock, 10);
        cache.verify("t").toCompletableFuture().join();
        cache.verify("t").toCompletableFuture().join();

        assertThat(asked).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void atMostCapacityTokensAreRemembered() {
        VerdictCache cache = new VerdictCache(oneMinute, clock, 3);
        for (int i = 0; i < 100; i++) {
            cache.verify("token-" + i).toCompletableFuture().join();
        }

        assertThat(cache.size()).isEqualTo(3);
        cache.verify("token-99").toCompletableFuture().join();
        assertThat(asked).hasValue(100);
    }

    @Test
    void anAlreadyExpiredVerdictIsNotStored() {
        VerdictCache cache = new VerdictCache(token -> CompletableFuture.completedFuture(
                new Verdict.Accepted(token, List.of(), null, Instant.parse("2026-01-05T09:00:00Z"))), clock, 10);
        cache.verify("t").toCompletableFuture().join();

        assertThat(cache.size()).isZero();
    }
}
