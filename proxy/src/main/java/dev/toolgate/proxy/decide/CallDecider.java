package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.proxy.ProxyMetrics;
import dev.toolgate.proxy.approval.ApprovalGate;
import dev.toolgate.proxy.audit.ArgumentsDigest;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.jsonrpc.JsonRpcBody;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;
import dev.toolgate.proxy.jsonrpc.ToolNames;
import dev.toolgate.proxy.session.SessionIds;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The decide stage: every {@code tools/call} in a body (a single message or each element of a batch) is decided
 * on its own, on the body's {@code params.name} and {@code params.arguments}. Refused calls are answered here and
 * audited at once; allowed ones go upstream with their reservation. A call whose params cannot be read is
 * answered with -32602 and never forwarded, as is one whose tool name is not {@link ToolNames#acceptable}. A
 * {@code tools/call} sent as a notification (no {@code id}) is refused
 * without asking the policy: a server that runs notifications would run it undecided, and nothing could carry its
 * answer back. It is not forwarded, gets no answer (in a batch the rest goes on), and is audited as a denial by the
 * rule {@value #NOTIFICATION_RULE}. Everything else passes.
 */
public final class CallDecider {
    /** The audit's {@code rule} for a {@code tools/call} refused because it was sent as a notification. */
    public static final String NOTIFICATION_RULE = "toolgate/notification";
    /** What the client is told when a body held nothing but such notifications. */
    public static final String NOTIFICATION_REFUSED =
            "Invalid Request: tools/call must be a request with an id; it was not forwarded";
    static final String NOTIFICATION_REASON = "tools/call sent as a notification (no id): refused, not forwarded";
    private final PolicyState policy;
    private final AuditTrail audit;
    private final ProxyMetrics metrics;
    private final Clock clock;
    private final ApprovalGate approvals;

    public CallDecider(PolicyState policy, AuditTrail audit, ProxyMetrics metrics, Clock clock) {
        this(policy, audit, metrics, clock, ApprovalGate.NONE);
    }

    /** @param approvals where calls needing approval go; {@link ApprovalGate#NONE} refuses them */
    public CallDecider(PolicyState policy, AuditTrail audit, ProxyMetrics metrics, Clock clock, ApprovalGate approvals) {
        this.policy = policy;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.approvals = approvals;
    }

    public DecisionPlan decide(JsonRpcBody body, Caller caller, long startNanos) {
        List<JsonRpcMessage> forward = new ArrayList<>(body.messages().size());
        List<ObjectNode> local = new ArrayList<>();
        List<DecidedCall> allowed = new ArrayList<>();
        for (JsonRpcMessage message : body.messages()) {
            if (message.kind() == JsonRpcMessage.Kind.NOTIFICATION && JsonRpcMessage.TOOLS_CALL.equals(message.method())) {
                audit.record(record(refusedNotification(message, caller, startNanos), null));
                continue;
            }
            if (!message.isRequest(JsonRpcMessage.TOOLS_CALL)) {
                forward.add(message);
                continue;
            }
            JsonNode params = message.params();
            JsonNode name = params.get("name");
            JsonNode arguments = params.get("arguments");
            if (!params.isObject() || name == null || !name.isTextual()
                    || arguments != null && !arguments.isObject() && !arguments.isNull()) {
                local.add(JsonRpcErrors.error(message.id(), JsonRpcErrors.INVALID_PARAMS,
                        "Invalid params: tools/call needs params.name (a string) and params.arguments (an object)"));
                continue;
            }
            if (!ToolNames.acceptable(name.textValue())) {
                // refused before anything records it: a name is a metric label and an audit field
                local.add(JsonRpcErrors.error(message.id(), JsonRpcErrors.INVALID_PARAMS,
                        "Invalid params: a tool name is 1 to " + ToolNames.MAX_LENGTH + " characters without control characters"));
                continue;
            }
            ToolCall call = new ToolCall(name.textValue(), arguments, caller);
            long before = System.nanoTime();
            Decision decision = policy.decide(call);
            metrics.decided(System.nanoTime() - before);
            ApprovalGate.Resolution resolved = approvals.resolve(message.id(), call, decision);
            decision = resolved.decision();
            DecidedCall decided = new DecidedCall(message, call, decision, ArgumentsDigest.sha256(call.arguments()), startNanos);
            if (decision.allowed()) {
                forward.add(message);
                allowed.add(decided);
            } else {
                local.add(resolved.answer() != null ? resolved.answer() : DenialResult.response(message.id(), decision));
                audit.record(record(decided, null));
            }
        }
        return new DecisionPlan(forward, local, allowed);
    }

    /** The audit's view of a refused notification: its name and arguments as far as they can be read. */
    private static DecidedCall refusedNotification(JsonRpcMessage message, Caller caller, long startNanos) {
        JsonNode params = message.params();
        String tool = params.path("name").isTextual() ? params.path("name").textValue() : "";
        JsonNode arguments = params.path("arguments").isObject() ? params.get("arguments") : null;
        ToolCall call = new ToolCall(tool, arguments, caller);
        Decision refused = new Decision(Outcome.DENY, tool, NOTIFICATION_RULE, NOTIFICATION_REASON, null, null);
        return new DecidedCall(message, call, refused, ArgumentsDigest.sha256(call.arguments()), startNanos);
    }

    AuditRecord record(DecidedCall decided, Integer upstreamStatus) {
        Caller caller = decided.call().caller();
        Decision decision = decided.decision();
        // the session id is a bearer secret for the session: the audit line gets its hash
        return new AuditRecord(clock.instant(), caller.identity(), caller.grant(), SessionIds.hash(caller.session()),
                decided.call().tool(), decision.outcome(), decision.rule(), decision.origin(),
                // what failed goes to the audit log only; the agent's answer carries the fixed reason
                decision.failure() == null ? decision.reason() : decision.reason() + " (" + decision.failure() + ")",
                decided.argumentsSha256(), upstreamStatus,
                (System.nanoTime() - decided.startNanos()) / 1_000);
    }

    /** Settlement of allowed calls once the upstream answers; one per forwarded POST. */
    public PendingCalls pending(List<DecidedCall> allowed) {
        return new PendingCalls(allowed, this::settled);
    }

    private void settled(DecidedCall decided, Integer upstreamStatus) {
        audit.record(record(decided, upstreamStatus));
    }
}
