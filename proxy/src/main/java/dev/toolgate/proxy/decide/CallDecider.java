package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.proxy.ProxyMetrics;
import dev.toolgate.proxy.approval.ApprovalGate;
import dev.toolgate.proxy.approval.ApprovalRecord;
import dev.toolgate.proxy.approval.ClientContext;
import dev.toolgate.proxy.audit.ArgumentsDigest;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.inventory.ToolInventory;
import dev.toolgate.proxy.jsonrpc.JsonRpcBody;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;
import dev.toolgate.proxy.jsonrpc.ToolNames;
import dev.toolgate.proxy.session.SessionIds;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

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
    private final ToolInventory inventory;
    private final ApprovalGate approvals;

    private final BooleanSupplier sharedCountersAvailable;

    public CallDecider(PolicyState policy, AuditTrail audit, ProxyMetrics metrics, Clock clock) {
        this(policy, audit, metrics, clock, ApprovalGate.NONE);
    }

    /** @param approvals where calls needing approval go; {@link ApprovalGate#NONE} refuses them */
    public CallDecider(PolicyState policy, AuditTrail audit, ProxyMetrics metrics, Clock clock, ApprovalGate approvals) {
        this(policy, audit, metrics, clock, () -> true, ToolInventory.unpinned(), approvals);
    }

    /**
     * A decider that decides each call with its tool's class and refuses a tool whose definition changed from its pin.
     *
     * @param sharedCountersAvailable false while the shared counter store cannot answer (for the audit's flag)
     * @param approvals               where calls needing approval go; {@link ApprovalGate#NONE} refuses them
     */
    public CallDecider(PolicyState policy, AuditTrail audit, ProxyMetrics metrics, Clock clock,
                       BooleanSupplier sharedCountersAvailable, ToolInventory inventory, ApprovalGate approvals) {
        this.policy = policy;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.sharedCountersAvailable = sharedCountersAvailable;
        this.inventory = inventory;
        this.approvals = approvals;
    }

    public DecisionPlan decide(JsonRpcBody body, Caller caller, long startNanos) {
        return decide(body, caller, null, startNanos);
    }

    /** @param tokenRef how the audit names the caller's token, or null */
    public DecisionPlan decide(JsonRpcBody body, Caller caller, String tokenRef, long startNanos) {
        return decide(body, caller, tokenRef, startNanos, ClientContext.UNKNOWN);
    }

    /** With counters in memory and no call that may wait for an approval: every stage completes at once. */
    private DecisionPlan decide(JsonRpcBody body, Caller caller, String tokenRef, long startNanos, ClientContext client) {
        PlanBuilder plan = new PlanBuilder(body.messages().size());
        for (JsonRpcMessage message : body.messages()) {
            ToolCall call = screen(message, caller, tokenRef, startNanos, plan);
            if (call != null) {
                long before = System.nanoTime();
                Decision changed = inventory.refusal(call.tool());
                Decision decision = changed != null ? changed : policy.decide(call);
                metrics.decided(System.nanoTime() - before);
                ApprovalGate.Resolution resolved = approvals.resolve(message, call, decision, client)
                        .toCompletableFuture().getNow(null);
                if (resolved == null) {
                    throw new IllegalStateException("an approval wait on the synchronous path");
                }
                placed(plan, message, call, resolved, tokenRef, startNanos);
            }
        }
        return plan.build();
    }

    /**
     * {@link #decide} without waiting on the event loop: at once with counters in memory; with a shared store, when
     * it has answered for each call in turn (the calls of a batch are decided in body order, like {@link #decide}).
     * The stage completes on the store's thread; the caller goes back to its own loop.
     */
    public CompletionStage<DecisionPlan> decideAsync(JsonRpcBody body, Caller caller, long startNanos) {
        return decideAsync(body, caller, null, startNanos);
    }

    /** {@link #decideAsync(JsonRpcBody, Caller, long)}; @param tokenRef how the audit names the caller's token, or null */
    public CompletionStage<DecisionPlan> decideAsync(JsonRpcBody body, Caller caller, String tokenRef, long startNanos) {
        return decideAsync(body, caller, tokenRef, startNanos, ClientContext.UNKNOWN);
    }

    /**
     * {@link #decideAsync(JsonRpcBody, Caller, String, long)} with approval answers shaped for {@code client}; a
     * 2026-07-28 retry carrying the proxy's {@code requestState} may wait for its approval's decision, on
     * {@code client.loop()}'s timer.
     */
    public CompletionStage<DecisionPlan> decideAsync(JsonRpcBody body, Caller caller, String tokenRef, long startNanos,
                                                     ClientContext client) {
        if (policy.answersAtOnce() && body.messages().stream().noneMatch(ApprovalGate::mayWait)) {
            return CompletableFuture.completedFuture(decide(body, caller, tokenRef, startNanos, client));
        }
        PlanBuilder plan = new PlanBuilder(body.messages().size());
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (JsonRpcMessage message : body.messages()) {
            chain = chain.thenCompose(ignored -> {
                ToolCall call = screen(message, caller, tokenRef, startNanos, plan);
                if (call == null) {
                    return CompletableFuture.completedFuture(null);
                }
                long before = System.nanoTime();
                Decision changed = inventory.refusal(call.tool());
                CompletionStage<Decision> answer = changed != null ? CompletableFuture.completedFuture(changed)
                        : policy.decideAsync(call);
                return answer.thenCompose(decision -> {
                    metrics.decided(System.nanoTime() - before);
                    return approvals.resolve(message, call, decision, client);
                }).thenAccept(resolved -> placed(plan, message, call, resolved, tokenRef, startNanos));
            });
        }
        return chain.thenApply(ignored -> plan.build());
    }

    /** The message sorted before any policy is asked: the call to decide, or null when it is already placed. */
    private ToolCall screen(JsonRpcMessage message, Caller caller, String tokenRef, long startNanos, PlanBuilder plan) {
        if (message.kind() == JsonRpcMessage.Kind.NOTIFICATION && JsonRpcMessage.TOOLS_CALL.equals(message.method())) {
            audit.record(record(refusedNotification(message, caller, tokenRef, startNanos), null));
            return null;
        }
        if (!message.isRequest(JsonRpcMessage.TOOLS_CALL)) {
            plan.forward.add(message);
            return null;
        }
        JsonNode params = message.params();
        JsonNode name = params.get("name");
        JsonNode arguments = params.get("arguments");
        if (!params.isObject() || name == null || !name.isTextual()
                || arguments != null && !arguments.isObject() && !arguments.isNull()) {
            plan.local.add(JsonRpcErrors.error(message.id(), JsonRpcErrors.INVALID_PARAMS,
                    "Invalid params: tools/call needs params.name (a string) and params.arguments (an object)"));
            return null;
        }
        if (!ToolNames.acceptable(name.textValue())) {
            // refused before anything records it: a name is a metric label and an audit field
            plan.local.add(JsonRpcErrors.error(message.id(), JsonRpcErrors.INVALID_PARAMS,
                    "Invalid params: a tool name is 1 to " + ToolNames.MAX_LENGTH + " characters without control characters"));
            return null;
        }
        return new ToolCall(name.textValue(), arguments, caller, inventory.classification(name.textValue()));
    }

    /** A decided call placed in the plan: forwarded (as the gate rewrote it, if it did) or answered here. */
    private void placed(PlanBuilder plan, JsonRpcMessage message, ToolCall call, ApprovalGate.Resolution resolved,
                        String tokenRef, long startNanos) {
        // a call needing approval: attached to its record, or (approved) decided again and run
        Decision decision = resolved.decision();
        DecidedCall decided = new DecidedCall(message, call, decision, ArgumentsDigest.sha256(call.arguments()), startNanos,
                limitStore(decision), tokenRef);
        if (decision.allowed()) {
            plan.forward.add(resolved.forward() == null ? message
                    : new JsonRpcMessage(resolved.forward(), message.kind(), message.id(), message.method()));
            plan.allowed.add(decided);
        } else {
            plan.local.add(resolved.answer() != null ? resolved.answer() : DenialResult.response(message.id(), decision));
            if (resolved.pending() != null) {
                plan.awaiting.add(resolved.pending());
            }
            audit.record(record(decided, null));
        }
    }

    /** The audit's {@code limitStore} flag: set when the call's counters were decided without the shared store. */
    private String limitStore(Decision decision) {
        if (PolicyEngine.STORE_UNAVAILABLE_RULE.equals(decision.rule())) {
            return AuditRecord.STORE_UNAVAILABLE;
        }
        boolean counted = decision.reservation() != Reservation.NONE || decision.outcome() == Outcome.RATE_LIMITED;
        return counted && !sharedCountersAvailable.getAsBoolean() ? AuditRecord.STORE_LOCAL : null;
    }

    /** The lists of one plan as they fill, in body order. */
    private static final class PlanBuilder {
        final List<JsonRpcMessage> forward;
        final List<ObjectNode> local = new ArrayList<>();
        final List<DecidedCall> allowed = new ArrayList<>();
        final List<ApprovalRecord> awaiting = new ArrayList<>(0);

        PlanBuilder(int messages) {
            forward = new ArrayList<>(messages);
        }

        DecisionPlan build() {
            return new DecisionPlan(forward, local, allowed, awaiting);
        }
    }

    /** The audit's view of a refused notification: its name and arguments as far as they can be read. */
    private static DecidedCall refusedNotification(JsonRpcMessage message, Caller caller, String tokenRef, long startNanos) {
        JsonNode params = message.params();
        String tool = params.path("name").isTextual() ? params.path("name").textValue() : "";
        JsonNode arguments = params.path("arguments").isObject() ? params.get("arguments") : null;
        ToolCall call = new ToolCall(tool, arguments, caller);
        Decision refused = new Decision(Outcome.DENY, tool, NOTIFICATION_RULE, NOTIFICATION_REASON, null, null);
        return new DecidedCall(message, call, refused, ArgumentsDigest.sha256(call.arguments()), startNanos, null, tokenRef);
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
                (System.nanoTime() - decided.startNanos()) / 1_000, decided.limitStore(), caller.grants(),
                decided.tokenRef());
    }

    /** Settlement of allowed calls once the upstream answers; one per forwarded POST. */
    public PendingCalls pending(List<DecidedCall> allowed) {
        return new PendingCalls(allowed, this::settled);
    }

    private void settled(DecidedCall decided, Integer upstreamStatus) {
        audit.record(record(decided, upstreamStatus));
    }
}
