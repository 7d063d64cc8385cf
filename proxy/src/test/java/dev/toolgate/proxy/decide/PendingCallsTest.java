package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records what happened to it. */
    private static final class TrackedReservation implements Reservation {
        String state = "reserved";

        @Override
        public void commit() {
            state = state.equals("reserved") ? "committed" : state;
        }

        @Override
        public void rollback() {
            state = state.equals("reserved") ? "rolled back" : state;
        }
    }

    private static DecidedCall allowed(int id, TrackedReservation reservation) {
        JsonRpcMessage message = new JsonRpcMessage(JSON.createObjectNode(), JsonRpcMessage.Kind.REQUEST, IntNode.valueOf(id), "tools/call");
        return new DecidedCall(message, new ToolCall("t", null, Caller.ANONYMOUS),
                new Decision(Outcome.ALLOW, "t", "r", "", null, reservation), "sha", System.nanoTime());
    }

    @Test
    void resultsCommitErrorsRollBackAndLeftoversOfASentRequestCommitOnce() {
        TrackedReservation ok = new TrackedReservation();
        TrackedReservation failed = new TrackedReservation();
        TrackedReservation unanswered = new TrackedReservation();
        List<String> settled = new ArrayList<>();
        PendingCalls pending = new PendingCalls(List.of(allowed(1, ok), allowed(2, failed), allowed(3, unanswered)),
                (call, status) -> settled.add(call.idKey() + "@" + status));

        assertThat(pending.settle(JsonRpcMessage.idKey(TextNode.valueOf("1")), true, 200)).as("\"1\" is not 1").isFalse();
        assertThat(pending.settle(JsonRpcMessage.idKey(IntNode.valueOf(1)), true, 200)).isTrue();
        assertThat(pending.settle(JsonRpcMessage.idKey(IntNode.valueOf(2)), false, 200)).isTrue();
        assertThat(pending.settle(JsonRpcMessage.idKey(IntNode.valueOf(1)), true, 200)).as("settled once").isFalse();
        pending.abandon(502);
        pending.abandon(502);

        assertThat(ok.state).isEqualTo("committed");
        assertThat(failed.state).isEqualTo("rolled back");
        assertThat(unanswered.state).as("sent, so it may have run").isEqualTo("committed");
        assertThat(settled).containsExactly("n:1@200", "n:2@200", "n:3@502");
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void leftoversOfARequestNeverSentRollBack() {
        TrackedReservation unsent = new TrackedReservation();
        PendingCalls pending = new PendingCalls(List.of(allowed(1, unsent)), (call, status) -> { });

        pending.abandon(false, null);

        assertThat(unsent.state).isEqualTo("rolled back");
    }
}
