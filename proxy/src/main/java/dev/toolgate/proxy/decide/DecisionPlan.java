package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.approval.ApprovalRecord;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

import java.util.List;

/**
 * What the decide stage made of one POST body.
 *
 * @param forward        messages that go upstream, in order (possibly none)
 * @param localResponses responses the proxy gives itself (denials, invalid calls), in body order
 * @param allowed        allowed calls whose counters wait for the upstream's answer
 * @param awaiting       the pending approvals the local responses name ({@code approval_pending}), in body order:
 *                       what a call held open waits for
 */
public record DecisionPlan(List<JsonRpcMessage> forward, List<ObjectNode> localResponses, List<DecidedCall> allowed,
                           List<ApprovalRecord> awaiting) {
    public DecisionPlan(List<JsonRpcMessage> forward, List<ObjectNode> localResponses, List<DecidedCall> allowed) {
        this(forward, localResponses, allowed, List.of());
    }

    public boolean forwardsNothing() {
        return forward.isEmpty();
    }
}
