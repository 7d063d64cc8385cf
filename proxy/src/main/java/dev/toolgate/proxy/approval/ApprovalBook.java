package dev.toolgate.proxy.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The proxy's approval records: bounded, expiring on the injected clock, every transition atomic (one lock; each
 * operation is a short walk over at most {@code maxRecords} records). A pending record expires {@code ttl} after it
 * was created; an approved one must be used within {@code ttl} of the approval; a denied one answers identical calls
 * with its reason for {@code ttl}, then a new request may be made. Records that ended (consumed, expired, denied)
 * stay as recent history until room is needed.
 */
public final class ApprovalBook {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ApprovalRecord> records = new LinkedHashMap<>();
    /** One future per pending record someone waits on; bounded by the records (removed when it leaves PENDING). */
    private final Map<String, CompletableFuture<ApprovalRecord>> waiting = new HashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxRecords;
    private final int maxLivePerIdentity;
    private final ApprovalListener listener;

    public ApprovalBook(Clock clock, Duration ttl, int maxRecords, int maxLivePerIdentity, ApprovalListener listener) {
        if (ttl.isNegative() || ttl.isZero() || maxRecords < 1 || maxLivePerIdentity < 1) {
            throw new IllegalArgumentException("ttl, maxRecords and maxLivePerIdentity must be positive");
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxRecords = maxRecords;
        this.maxLivePerIdentity = maxLivePerIdentity;
        this.listener = listener;
    }

    /** The record an identical call meets: a live one, or a denial still in force. */
    public synchronized Optional<ApprovalRecord> find(ApprovalRequest request) {
        Instant now = expireDue();
        for (ApprovalRecord record : records.values()) {
            if (record.request().sameCall(request)
                    && (record.state().live() || record.state() == ApprovalState.DENIED && now.isBefore(record.expiresAt()))) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    /**
     * A new pending record for {@code request}; empty when the book is full of live records, or the identity already
     * has {@code maxLivePerIdentity} of them (an agent cannot crowd out everyone else's approvals).
     */
    public synchronized Optional<ApprovalRecord> open(ApprovalRequest request, String preview, String rule, String reason,
                                                      long policyGeneration) {
        Instant now = expireDue();
        long live = records.values().stream()
                .filter(r -> r.state().live() && r.request().identity().equals(request.identity())).count();
        if (live >= maxLivePerIdentity || records.size() >= maxRecords && !evictOne()) {
            return Optional.empty();
        }
        ApprovalRecord record = new ApprovalRecord(newId(), request, preview, rule, reason, policyGeneration, now,
                now.plus(ttl), ApprovalState.PENDING, null, null, null);
        records.put(record.id(), record);
        listener.transition(record, null);
        return Optional.of(record);
    }

    /** Uses an approval: true for exactly one caller while it is approved and unexpired. */
    public synchronized boolean consume(String id) {
        Instant now = expireDue();
        ApprovalRecord record = records.get(id);
        if (record == null || record.state() != ApprovalState.APPROVED) {
            return false;
        }
        move(record.moved(ApprovalState.CONSUMED, now), ApprovalState.APPROVED);
        return true;
    }

    /**
     * A person's decision on a pending record. Refused when there is no such record, it is not pending any more, or
     * the approver is the identity that asked (recorded through the listener).
     */
    public synchronized ApprovalRecord decide(String id, boolean approve, String approver, String reason)
            throws ApprovalDecisionException {
        Instant now = expireDue();
        ApprovalRecord record = records.get(id);
        if (record == null) {
            throw new ApprovalDecisionException(ApprovalDecisionException.Kind.NOT_FOUND, "no such approval");
        }
        if (record.request().identity().equals(approver)) {
            String why = "the approver must not be the identity that asked for the call";
            listener.refused(record, approver, why);
            throw new ApprovalDecisionException(ApprovalDecisionException.Kind.SELF_APPROVAL, why);
        }
        if (record.state() != ApprovalState.PENDING) {
            String why = "the approval is " + record.state().name().toLowerCase(java.util.Locale.ROOT) + ", not pending";
            listener.refused(record, approver, why);
            throw new ApprovalDecisionException(ApprovalDecisionException.Kind.NOT_PENDING, why);
        }
        ApprovalRecord decided = record.decided(approve ? ApprovalState.APPROVED : ApprovalState.DENIED, approver, now,
                reason, now.plus(ttl));
        move(decided, ApprovalState.PENDING);
        return decided;
    }

    /**
     * Completes with the record once it leaves PENDING (approved, denied, expired), at once when it already has; an
     * unknown id completes with {@code null}. Never completes exceptionally. Waiters of one record share one future,
     * completed under the book's lock: continuations must hand their work to their own executor.
     */
    public synchronized CompletionStage<ApprovalRecord> whenDecided(String id) {
        expireDue();
        ApprovalRecord record = records.get(id);
        if (record == null || record.state() != ApprovalState.PENDING) {
            return CompletableFuture.completedFuture(record);
        }
        // a copy per caller: one waiter cancelling or completing its stage cannot touch the others'
        return waiting.computeIfAbsent(id, ignored -> new CompletableFuture<>()).thenApply(r -> r);
    }

    /** Moves records whose time is up to EXPIRED now, so their waiters hear of it without another call. */
    public synchronized void sweep() {
        expireDue();
    }

    public synchronized Optional<ApprovalRecord> get(String id) {
        expireDue();
        return Optional.ofNullable(records.get(id));
    }

    /** Every record, newest first. */
    public synchronized List<ApprovalRecord> list() {
        expireDue();
        List<ApprovalRecord> all = new ArrayList<>(records.values());
        java.util.Collections.reverse(all);
        return all;
    }

    /** Moves live records whose time is up to EXPIRED; returns now. */
    private Instant expireDue() {
        Instant now = clock.instant();
        for (ApprovalRecord record : List.copyOf(records.values())) {
            if (record.state().live() && !now.isBefore(record.expiresAt())) {
                move(record.moved(ApprovalState.EXPIRED, record.expiresAt()), record.state());
            }
        }
        return now;
    }

    /** Drops the oldest record that ended (consumed or expired first, then denied); false when all are live. */
    private boolean evictOne() {
        for (ApprovalState state : List.of(ApprovalState.CONSUMED, ApprovalState.EXPIRED, ApprovalState.DENIED)) {
            for (Iterator<ApprovalRecord> it = records.values().iterator(); it.hasNext(); ) {
                if (it.next().state() == state) {
                    it.remove();
                    return true;
                }
            }
        }
        return false;
    }

    private void move(ApprovalRecord next, ApprovalState from) {
        records.put(next.id(), next);
        listener.transition(next, from);
        if (next.state() != ApprovalState.PENDING) {
            CompletableFuture<ApprovalRecord> waiter = waiting.remove(next.id());
            if (waiter != null) {
                waiter.complete(next);
            }
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
