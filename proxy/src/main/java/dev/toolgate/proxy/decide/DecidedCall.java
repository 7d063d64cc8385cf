package dev.toolgate.proxy.decide;

import dev.toolgate.policy.Decision;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

/**
 * A {@code tools/call} and the policy's decision on it, with what its audit line needs.
 *
 * @param startNanos {@link System#nanoTime()} when the request arrived, for the audit latency
 * @param limitStore null, or how its counters were decided without the shared store (the audit's {@code limitStore})
 * @param tokenRef   how the audit names the caller's token (its {@code jti} or a hash prefix), or null
 */
public record DecidedCall(JsonRpcMessage message, ToolCall call, Decision decision, String argumentsSha256,
                          long startNanos, String limitStore, String tokenRef) {
    public DecidedCall(JsonRpcMessage message, ToolCall call, Decision decision, String argumentsSha256, long startNanos) {
        this(message, call, decision, argumentsSha256, startNanos, null, null);
    }

    /** The key a response's id is matched on ({@code 1} and {@code "1"} differ). */
    public String idKey() {
        return message.idKey();
    }
}
