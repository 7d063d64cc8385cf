package dev.toolgate.proxy.hold;

import dev.toolgate.proxy.approval.ApprovalBook;
import dev.toolgate.proxy.approval.ApprovalRecord;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the exchange stage needs to hold a call open while its approval waits: the bounds, the places, and the book's
 * decisions. Thread-safe; {@link #OFF} holds nothing.
 */
public final class HoldOpen {
    public static final HoldOpen OFF = new HoldOpen(HoldOpenOptions.OFF, null, null, null);

    private final HoldOpenOptions options;
    private final ApprovalBook book;
    private final HeldCalls places;
    private final Clock clock;

    private HoldOpen(HoldOpenOptions options, ApprovalBook book, HeldCalls places, Clock clock) {
        this.options = options;
        this.book = book;
        this.places = places;
        this.clock = clock;
    }

    /** Holding as {@code options} say for approvals in {@code book}; {@link #OFF} when they say never or there is no book. */
    public static HoldOpen of(HoldOpenOptions options, ApprovalBook book, Clock clock, MeterRegistry registry) {
        if (!options.enabled() || book == null) {
            return OFF;
        }
        return new HoldOpen(options, book, new HeldCalls(options.maxHeld(), options.maxHeldPerIdentity(), registry), clock);
    }

    public boolean enabled() {
        return book != null;
    }

    public HoldOpenOptions options() {
        return options;
    }

    /** A place for one more held call of {@code identity}, or empty at a cap (the call is answered at once). */
    public Optional<HeldCalls.Place> take(String identity) {
        return enabled() ? places.take(identity) : Optional.empty();
    }

    /** How long a call waiting for {@code record} is held: {@code maxWait}, and never past the record's expiry. */
    public Duration holdFor(ApprovalRecord record) {
        Duration left = Duration.between(clock.instant(), record.expiresAt());
        Duration hold = left.compareTo(options.maxWait()) < 0 ? left : options.maxWait();
        return hold.isNegative() ? Duration.ZERO : hold;
    }

    /** {@link ApprovalBook#whenDecided}. */
    public CompletionStage<ApprovalRecord> whenDecided(String id) {
        return enabled() ? book.whenDecided(id) : CompletableFuture.completedFuture(null);
    }

    /**
     * The record as it is now. Expiry is noticed when the book is used: a held call asks at its own deadline, so it
     * ends then even when nothing else touches the book.
     */
    public Optional<ApprovalRecord> now(String id) {
        return enabled() ? book.get(id) : Optional.empty();
    }
}
