package dev.toolgate.proxy.decide;

import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Allowed calls of one forwarded POST, waiting for the upstream's answer. A call never sent upstream is rolled back;
 * once any byte of it was sent it counts (its reservation is committed) unless the upstream answers it with a
 * JSON-RPC error: a result commits (also one with {@code isError: true}: the tool ran), a JSON-RPC error rolls back,
 * and a call left unanswered (the client hung up, the upstream timed out, failed, answered non-2xx without the
 * answer or ended the stream without it) commits, because the tool may have run. Otherwise a client could fire a
 * call, hang up and read the answer later from the session's stream, for free. Each call is settled and audited
 * exactly once. Used from one event loop only.
 */
public final class PendingCalls {
    private final Map<String, DecidedCall> byId = new HashMap<>();
    private final BiConsumer<DecidedCall, Integer> onSettled;

    PendingCalls(List<DecidedCall> allowed, BiConsumer<DecidedCall, Integer> onSettled) {
        allowed.forEach(call -> byId.put(call.idKey(), call));
        this.onSettled = onSettled;
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /**
     * Settles the call a JSON-RPC response answers, by the answer's id ({@link JsonRpcMessage#idKey}), if it is one of
     * ours: {@code succeeded} (a result, not an error) commits its reservation, anything else rolls it back. True when
     * it settled a call.
     */
    public boolean settle(String idKey, boolean succeeded, int upstreamStatus) {
        DecidedCall call = byId.isEmpty() ? null : byId.remove(idKey);
        if (call == null) {
            return false;
        }
        if (succeeded) {
            call.decision().reservation().commit();
        } else {
            call.decision().reservation().rollback();
        }
        onSettled.accept(call, upstreamStatus);
        return true;
    }

    /** The upstream's response ended or failed without answering the calls still waiting: they were sent, so they count. */
    public void abandon(Integer upstreamStatus) {
        abandon(true, upstreamStatus);
    }

    /**
     * No answer will come for the calls still waiting: committed when the request was {@code sent} (any byte of it went
     * upstream), rolled back when it never was.
     */
    public void abandon(boolean sent, Integer upstreamStatus) {
        if (byId.isEmpty()) {
            return;
        }
        for (DecidedCall call : List.copyOf(byId.values())) {
            if (sent) {
                call.decision().reservation().commit();
            } else {
                call.decision().reservation().rollback();
            }
            onSettled.accept(call, upstreamStatus);
        }
        byId.clear();
    }
}
