package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

import java.util.List;

/**
 * What the decide stage made of one POST body.
 *
 * @param forward        messages that go upstream, in order (possibly none)
 * @param localResponses responses the proxy gives itself (denials, invalid calls), in body order
 * @param allowed        allowed calls whose counters wait for the upstream's answer
 */
public record DecisionPlan(List<JsonRpcMessage> forward, List<ObjectNode> localResponses, List<DecidedCall> allowed) {
    public boolean forwardsNothing() {
        return forward.isEmpty();
    }
}
