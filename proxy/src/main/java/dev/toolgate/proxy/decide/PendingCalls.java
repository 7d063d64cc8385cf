package dev.toolgate.proxy.decide;

import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Allowed calls of one forwarded POST, waiting for the upstream's answer. A JSON-RPC result commits the call's
 * counter reservation (also a result with {@code isError: true}: the tool ran and the attempt counts); a JSON-RPC
 * error, an HTTP failure or a stream that ends without the answer rolls it back. Each call is settled and
 * audited exactly once. Used from one event loop only.
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

    /** The upstream failed or the stream ended: every call still waiting is rolled back. */
    public void abandon(Integer upstreamStatus) {
        if (byId.isEmpty()) {
            return;
        }
        for (DecidedCall call : List.copyOf(byId.values())) {
            call.decision().reservation().rollback();
            onSettled.accept(call, upstreamStatus);
        }
        byId.clear();
    }
}
