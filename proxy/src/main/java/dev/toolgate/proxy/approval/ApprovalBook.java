package dev.toolgate.proxy.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * stay as recent history until room is needed. A caller may wait for a pending record's decision
 * ({@link #whenDecided}); waiters are completed after the lock is released, never under it.
 */
public final class ApprovalBook {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ApprovalRecord> records = new LinkedHashMap<>();
    /** One future per pending record someone waits on; bounded by the records (removed when it leaves PENDING). */
    private final Clock clock;
    private final Duration ttl;
    private final int maxRecords;
    private final int maxLivePerIdentity;
    private final ApprovalListener listener;
    /** Futures of {@link #whenDecided}, by record id; only pending records have any. */
    private final Map<String, List<CompletableFuture<ApprovalRecord>>> waiters = new HashMap<>();
    private int waiting;
    /** Waiters whose record left PENDING under the lock, completed once it is released. */
    private final Queue<Decided> decidedWaiters = new ConcurrentLinkedQueue<>();

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
    public Optional<ApprovalRecord> find(ApprovalRequest request) {
        try {
            return findLocked(request);
        } finally {
            completeWaiters();
        }
    }

    private synchronized Optional<ApprovalRecord> findLocked(ApprovalRequest request) {
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
    public Optional<ApprovalRecord> open(ApprovalRequest request, String preview, String rule, String reason,
                                         long policyGeneration) {
        try {
            return openLocked(request, preview, rule, reason, policyGeneration);
        } finally {
            completeWaiters();
        }
    }

    private synchronized Optional<ApprovalRecord> openLocked(ApprovalRequest request, String preview, String rule,
                                                             String reason, long policyGeneration) {
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
    public boolean consume(String id) {
        try {
            return consumeLocked(id);
        } finally {
            completeWaiters();
        }
    }

    private synchronized boolean consumeLocked(String id) {
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
    public ApprovalRecord decide(String id, boolean approve, String approver, String reason)
            throws ApprovalDecisionException {
        try {
            return decideLocked(id, approve, approver, reason);
        } finally {
            completeWaiters();
        }
    }

    private synchronized ApprovalRecord decideLocked(String id, boolean approve, String approver, String reason)
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

    /** Moves records whose time is up to EXPIRED now, so their waiters hear of it without another call. */
    public void sweep() {
        try {
            synchronized (this) {
                expireDue();
            }
        } finally {
            completeWaiters();
        }
    }

    public Optional<ApprovalRecord> get(String id) {
        try {
            synchronized (this) {
                expireDue();
                return Optional.ofNullable(records.get(id));
            }
        } finally {
            completeWaiters();
        }
    }

    /** Every record, newest first. */
    public List<ApprovalRecord> list() {
        try {
            synchronized (this) {
                expireDue();
                List<ApprovalRecord> all = new ArrayList<>(records.values());
                java.util.Collections.reverse(all);
                return all;
            }
        } finally {
            completeWaiters();
        }
    }

    /**
     * Completes with the record once it leaves PENDING (approved, denied or expired), at once if it already has; an
     * unknown id completes with {@code null}. Expiry is noticed when the book is next used: a waiter that must end at
     * the record's deadline keeps a timer of its own and touches the book ({@link #get}) then. At most
     * {@code maxRecords} futures wait at once (a waiter that gave up cancels its future, which frees its place); past
     * that the stage completes exceptionally with an {@link IllegalStateException}. Completed outside the book's lock,
     * on the thread whose call made the transition: dependents must not block.
     */
    public CompletionStage<ApprovalRecord> whenDecided(String id) {
        CompletableFuture<ApprovalRecord> waiter = new CompletableFuture<>();
        try {
            synchronized (this) {
                expireDue();
                ApprovalRecord record = records.get(id);
                if (record == null || record.state() != ApprovalState.PENDING) {
                    waiter.complete(record);
                } else if (waiting >= maxRecords && dropAbandonedWaiters() >= maxRecords) {
                    waiter.completeExceptionally(new IllegalStateException("too many calls are waiting for approvals"));
                } else {
                    waiters.computeIfAbsent(id, key -> new ArrayList<>(1)).add(waiter);
                    waiting++;
                }
            }
        } finally {
            completeWaiters();
        }
        return waiter;
    }

    /** Forgets waiters that gave up (their futures are done); returns how many are left. */
    private int dropAbandonedWaiters() {
        for (Iterator<List<CompletableFuture<ApprovalRecord>>> it = waiters.values().iterator(); it.hasNext(); ) {
            List<CompletableFuture<ApprovalRecord>> list = it.next();
            waiting -= list.size();
            list.removeIf(CompletableFuture::isDone);
            waiting += list.size();
            if (list.isEmpty()) {
                it.remove();
            }
        }
        return waiting;
    }

    /** Completes, outside the lock, the waiters of records that left PENDING. */
    private void completeWaiters() {
        for (Decided decided; (decided = decidedWaiters.poll()) != null; ) {
            decided.waiter().complete(decided.record());
        }
    }

    /** A waiter and the record it was waiting for, once decided. */
    private record Decided(CompletableFuture<ApprovalRecord> waiter, ApprovalRecord record) {
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
        if (from == ApprovalState.PENDING) {
            List<CompletableFuture<ApprovalRecord>> decided = waiters.remove(next.id());
            if (decided != null) {
                waiting -= decided.size();
                decided.forEach(waiter -> decidedWaiters.add(new Decided(waiter, next)));
            }
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
