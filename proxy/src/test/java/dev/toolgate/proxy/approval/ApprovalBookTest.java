package dev.toolgate.proxy.approval;

import dev.toolgate.policy.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalBookTest {
    private final FakeClock clock = FakeClock.at("2026-12-02T08:00:00Z");
    private final List<String> transitions = new ArrayList<>();
    private final ApprovalListener listener = new ApprovalListener() {
        @Override
        public void transition(ApprovalRecord record, ApprovalState from) {
            transitions.add(from + "->" + record.state());
        }

        @Override
        public void refused(ApprovalRecord record, String approver, String why) {
            transitions.add("refused:" + approver);
        }
    };

    private static ApprovalRequest call(String identity, String digest) {
        return new ApprovalRequest("standalone", "run_workflow", identity, List.of("ops"), digest);
    }

    private ApprovalRecord open(ApprovalBook book, ApprovalRequest request) {
        return book.open(request, "{}", "r", "why", 1).orElseThrow();
    }

    @Test
    void anApprovalIsConsumedByExactlyOneOfManyRacingThreads() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        book.decide(record.id(), true, "bob", "ok");
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> {
                    start.await();
                    return book.consume(record.id());
                }));
            }
            start.countDown();
            int consumed = 0;
            for (Future<Boolean> result : results) {
                consumed += result.get() ? 1 : 0;
            }
            assertThat(consumed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(transitions).containsExactly("null->PENDING", "PENDING->APPROVED", "APPROVED->CONSUMED");
    }

    @Test
    void identicalCallsFindTheSameRecordAndDifferentOnesDoNot() {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        assertThat(book.find(call("alice", "d1"))).contains(record);
        assertThat(book.find(call("alice", "d2"))).isEmpty();
        assertThat(book.find(call("mallory", "d1"))).isEmpty();
        assertThat(book.find(new ApprovalRequest("standalone", "run_workflow", "alice", List.of("other"), "d1")))
                .as("grants do not make another call").contains(record);
    }

    @Test
    void recordsExpireOnTheClockAndADenialStandsForTheTtl() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord pending = open(book, call("alice", "d1"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(book.find(call("alice", "d1"))).isEmpty();
        assertThat(book.get(pending.id()).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);

        ApprovalRecord denied = book.decide(open(book, call("alice", "d1")).id(), false, "bob", "no");
        clock.advance(Duration.ofMinutes(4));
        assertThat(book.find(call("alice", "d1"))).contains(denied);
        clock.advance(Duration.ofMinutes(1));
        assertThat(book.find(call("alice", "d1"))).isEmpty();
    }

    @Test
    void theBookIsBoundedInTotalAndPerIdentityAndMakesRoomFromEndedRecords() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 3, 2, listener);
        open(book, call("alice", "a1"));
        ApprovalRecord second = open(book, call("alice", "a2"));
        assertThat(book.open(call("alice", "a3"), "{}", "r", "why", 1)).as("alice's share").isEmpty();
        open(book, call("carol", "c1"));
        assertThat(book.open(call("dave", "d1"), "{}", "r", "why", 1)).as("all live").isEmpty();
        book.decide(second.id(), false, "bob", "no");
        assertThat(book.open(call("dave", "d1"), "{}", "r", "why", 1)).as("the denial made room").isPresent();
        assertThat(book.list()).hasSize(3);
    }

    @Test
    void decisionsAreRefusedForTheRequesterUnknownIdsAndRecordsNotPending() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        assertThatThrownBy(() -> book.decide(record.id(), true, "alice", null))
                .isInstanceOfSatisfying(ApprovalDecisionException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApprovalDecisionException.Kind.SELF_APPROVAL));
        assertThatThrownBy(() -> book.decide("ffff", true, "bob", null))
                .isInstanceOfSatisfying(ApprovalDecisionException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApprovalDecisionException.Kind.NOT_FOUND));
        book.decide(record.id(), true, "bob", null);
        assertThatThrownBy(() -> book.decide(record.id(), false, "carol", null))
                .isInstanceOfSatisfying(ApprovalDecisionException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApprovalDecisionException.Kind.NOT_PENDING));
        assertThat(transitions).contains("refused:alice", "refused:carol");
    }

    @Test
    void whenDecidedCompletesWithTheRecordOnceAPersonDecides() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord approved = open(book, call("alice", "d1"));
        ApprovalRecord denied = open(book, call("alice", "d2"));
        CompletableFuture<ApprovalRecord> first = book.whenDecided(approved.id()).toCompletableFuture();
        CompletableFuture<ApprovalRecord> second = book.whenDecided(denied.id()).toCompletableFuture();
        assertThat(first).isNotDone();

        book.decide(approved.id(), true, "bob", "ok");
        book.decide(denied.id(), false, "bob", "no");

        assertThat(first.getNow(null).state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(second.getNow(null).state()).isEqualTo(ApprovalState.DENIED);
        assertThat(book.whenDecided(approved.id()).toCompletableFuture().getNow(null).state())
                .as("already decided: at once").isEqualTo(ApprovalState.APPROVED);
        assertThat(book.whenDecided("no-such-id").toCompletableFuture()).isCompletedWithValue(null);
    }

    @Test
    void whenDecidedCompletesWithTheExpiredRecordOnceTheBookIsUsedAfterItsDeadline() {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        CompletableFuture<ApprovalRecord> waiter = book.whenDecided(record.id()).toCompletableFuture();
        clock.advance(Duration.ofMinutes(5));
        assertThat(waiter).as("expiry is lazy").isNotDone();

        book.get(record.id());

        assertThat(waiter.getNow(null).state()).isEqualTo(ApprovalState.EXPIRED);
    }

    @Test
    void waitersAreCappedAndOnesThatGaveUpFreeTheirPlace() {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 2, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        CompletableFuture<ApprovalRecord> one = book.whenDecided(record.id()).toCompletableFuture();
        book.whenDecided(record.id());

        assertThat(book.whenDecided(record.id()).toCompletableFuture()).isCompletedExceptionally();

        one.cancel(false);
        assertThat(book.whenDecided(record.id()).toCompletableFuture()).isNotDone();
    }

    @Test
    void waitersAreCompletedOutsideTheBooksLock() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        boolean[] heldTheLock = {true};
        book.whenDecided(record.id()).thenAccept(decided -> heldTheLock[0] = Thread.holdsLock(book));

        book.decide(record.id(), true, "bob", "ok");

        assertThat(heldTheLock[0]).isFalse();
    }

    @Test
    void whenDecidedCompletesOnceTheRecordLeavesPendingAndAtOnceAfterwards() throws Exception {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        var first = book.whenDecided(record.id()).toCompletableFuture();
        var second = book.whenDecided(record.id()).toCompletableFuture();
        assertThat(first).isNotDone();
        book.decide(record.id(), false, "bob", "no");
        assertThat(first.getNow(null).state()).isEqualTo(ApprovalState.DENIED);
        assertThat(second.getNow(null).state()).isEqualTo(ApprovalState.DENIED);
        assertThat(book.whenDecided(record.id()).toCompletableFuture().getNow(null).state()).isEqualTo(ApprovalState.DENIED);
    }

    @Test
    void whenDecidedHearsOfExpiryOnASweepAndAnUnknownIdIsNull() {
        ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, listener);
        ApprovalRecord record = open(book, call("alice", "d1"));
        var waiting = book.whenDecided(record.id()).toCompletableFuture();
        clock.advance(Duration.ofMinutes(5));
        assertThat(waiting).isNotDone(); // expiry is noticed when the book is used
        book.sweep();
        assertThat(waiting.getNow(null).state()).isEqualTo(ApprovalState.EXPIRED);
        assertThat(book.whenDecided("no-such-id").toCompletableFuture().getNow(ApprovalRecordSentinel.NONE)).isNull();
    }

    /** Tells "completed with null" from "not completed" in getNow. */
    private static final class ApprovalRecordSentinel {
        static final ApprovalRecord NONE = new ApprovalRecord("x", call("x", "x"), "", "", "", 0, null, null,
                ApprovalState.PENDING, null, null, null);
    }
}
