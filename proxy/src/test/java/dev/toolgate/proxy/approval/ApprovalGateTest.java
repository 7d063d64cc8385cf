package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asynchronous path of the gate, with the recheck's answer held back as a shared store holds it: the approval is
 * consumed only once the recheck allowed the call, and a retry that lost the race to another rolls its reservation
 * back and asks anew.
 */
class ApprovalGateTest {
    private final FakeClock clock = FakeClock.at("2026-12-02T08:00:00Z");
    private final ApprovalBook book = new ApprovalBook(clock, Duration.ofMinutes(5), 10, 5, ApprovalListener.NONE);
    private final ToolCall call = new ToolCall("run_workflow",
            JsonNodeFactory.instance.objectNode().put("name", "prod"), new Caller("alice", "ops", null));
    private final Decision asks = new Decision(Outcome.REQUIRE_APPROVAL, "run_workflow", "r", "a person decides", null, null);
    private CompletableFuture<Decision> recheck = new CompletableFuture<>();
    private final ApprovalGate gate = new ApprovalGate(book, c -> recheck, () -> 1, new ApprovalLinks("https://toolgate.example.com"), "standalone");

    /** A reservation that remembers how it was settled. */
    private static final class Watched implements Reservation {
        String settled;

        @Override
        public void commit() {
            settled = "committed";
        }

        @Override
        public void rollback() {
            settled = "rolled back";
        }
    }

    private String approvedRecord() throws Exception {
        ApprovalGate.Resolution first = gate.resolveAsync(IntNode.valueOf(1), call, asks).toCompletableFuture().getNow(null);
        assertThat(first.pending()).as("a new pending record, answered at once").isNotNull();
        book.decide(first.pending().id(), true, "bob", "ok");
        return first.pending().id();
    }

    @Test
    void anApprovedCallIsConsumedOnlyOnceTheRecheckAllowsIt() throws Exception {
        String id = approvedRecord();
        Watched reservation = new Watched();

        CompletableFuture<ApprovalGate.Resolution> resolved = gate.resolveAsync(IntNode.valueOf(2), call, asks).toCompletableFuture();
        assertThat(resolved).isNotDone();
        assertThat(book.get(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);

        recheck.complete(new Decision(Outcome.ALLOW, "run_workflow", "r", "approved", null, reservation));

        assertThat(resolved.getNow(null).decision().allowed()).isTrue();
        assertThat(resolved.getNow(null).answer()).isNull();
        assertThat(book.get(id).orElseThrow().state()).isEqualTo(ApprovalState.CONSUMED);
        assertThat(reservation.settled).as("settled later, by the upstream's answer").isNull();
    }

    @Test
    void aRecheckRefusalLeavesTheApprovalForALaterRetry() throws Exception {
        String id = approvedRecord();
        CompletableFuture<ApprovalGate.Resolution> resolved = gate.resolveAsync(IntNode.valueOf(2), call, asks).toCompletableFuture();

        recheck.complete(new Decision(Outcome.RATE_LIMITED, "run_workflow", "limit", "over the limit", 30L, null));

        assertThat(resolved.getNow(null).decision().outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(book.get(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);
    }

    @Test
    void aRetryThatLostTheRaceRollsItsReservationBackAndAsksAnew() throws Exception {
        String id = approvedRecord();
        Watched reservation = new Watched();
        CompletableFuture<ApprovalGate.Resolution> resolved = gate.resolveAsync(IntNode.valueOf(2), call, asks).toCompletableFuture();
        assertThat(book.consume(id)).as("another retry consumed it meanwhile").isTrue();

        recheck.complete(new Decision(Outcome.ALLOW, "run_workflow", "r", "approved", null, reservation));

        assertThat(reservation.settled).isEqualTo("rolled back");
        ApprovalGate.Resolution anew = resolved.getNow(null);
        assertThat(anew.decision().outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(anew.pending().id()).isNotEqualTo(id);
        assertThat(anew.answer().path("result").path("_meta").path("dev.toolgate/decision").path("decision").asText())
                .isEqualTo(ApprovalAnswers.PENDING);
    }
}
