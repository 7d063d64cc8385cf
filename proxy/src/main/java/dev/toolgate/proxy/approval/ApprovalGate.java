package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.RuleOrigin;

import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Where the decide stage takes a call the policy says needs approval. The call is bound to a record by its
 * {@link ApprovalRequest} (same McpServer, tool, identity and canonical arguments):
 * <ul>
 *   <li>approved: the call is decided again ({@code recheck}: deny rules and limits still refuse it, and its counters
 *       are reserved), then the approval is consumed; of two racing retries one consumes it, the other's reservation
 *       is rolled back and it asks anew;</li>
 *   <li>pending: the same record is answered again (an identical retry attaches to it);</li>
 *   <li>denied: the approver's reason, until the denial expires;</li>
 *   <li>none (or expired, or consumed): a new pending record.</li>
 * </ul>
 * Every other decision passes through unchanged. The second decision never waits on the calling thread: with counters
 * in memory it completes at once, with a shared store when the store answers.
 *
 * <p>What a pending call is answered with depends on the client ({@link ClientContext#shapeFor}): the tool result
 * every client understands, the 2025-11-25 {@code -32042} error (and {@code notifications/elicitation/complete} on
 * the session's stream once decided), or the 2026-07-28 {@code input_required} result with a sealed
 * {@code requestState}. A retry carrying that state is checked ({@link RequestStates#open}) and may wait, at most
 * {@code wait}, for the decision on its event loop's timer before it is answered as above.
 */
public final class ApprovalGate {
    /** The rule of a call refused because the book holds too many live approvals. */
    public static final String FULL_RULE = "toolgate/approvals-full";
    /** The rule of a call refused because its arguments cannot be bound to an approval exactly. */
    public static final String UNBINDABLE_RULE = "toolgate/approval-unbindable";
    /** The rule of a call whose approval a person denied. */
    public static final String DENIED_RULE = "toolgate/approval-denied";
    /** The rule of a call refused because the {@code requestState} it carries is not valid for it. */
    public static final String STATE_RULE = "toolgate/approval-state";
    /** A gate for a proxy without approvals: the policy's decision stands (require_approval refuses the call). */
    public static final ApprovalGate NONE = new ApprovalGate(null, null, null, null, null);

    private final ApprovalBook book;
    private final Function<ToolCall, CompletionStage<Decision>> recheck;
    private final LongSupplier policyGeneration;
    private final ApprovalLinks links;
    private final String mcpServer;
    private final RequestStates states;
    private final Duration wait;
    private final ElicitationWatch watch;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<AnswerShape, LongAdder> pendingAnswers = new EnumMap<>(AnswerShape.class);

    /**
     * A gate that answers every client with the tool result and never waits.
     *
     * @param recheck the policy's decision on a call a person approved, reserving its counters when allowed, without
     *                waiting on the calling thread (a shared counter store answers later); never completes
     *                exceptionally
     * @param links   where a person decides an approval
     */
    public ApprovalGate(ApprovalBook book, Function<ToolCall, CompletionStage<Decision>> recheck,
                        LongSupplier policyGeneration, ApprovalLinks links, String mcpServer) {
        this(book, recheck, policyGeneration, links, mcpServer, null, Duration.ZERO, ElicitationNotices.NONE, 1);
    }

    /**
     * @param states  seals and opens 2026-07-28 {@code requestState}s; null: such clients get the tool result
     * @param wait    how long a 2026-07-28 retry carrying a valid state waits for the decision (zero: not at all)
     * @param notices where 2025-11-25 sessions are told an approval was decided
     * @param maxWatched approvals whose deciding is watched for sessions at once
     */
    public ApprovalGate(ApprovalBook book, Function<ToolCall, CompletionStage<Decision>> recheck,
                        LongSupplier policyGeneration, ApprovalLinks links, String mcpServer, RequestStates states,
                        Duration wait, ElicitationNotices notices, int maxWatched) {
        this.book = book;
        this.recheck = recheck;
        this.policyGeneration = policyGeneration;
        this.links = links;
        this.mcpServer = mcpServer;
        this.states = states;
        this.wait = wait;
        this.watch = book == null ? null : new ElicitationWatch(book, notices, maxWatched);
        for (AnswerShape shape : AnswerShape.values()) {
            pendingAnswers.put(shape, new LongAdder());
        }
    }

    /**
     * The decision for the call and, when the gate answers it itself, the answer ({@code null} otherwise: an allowed
     * call goes upstream, a refused one gets the usual denial), shaped for {@code client}. Completes at once with
     * counters in memory, unless a 2026-07-28 retry waits for its decision (then on {@code client.loop()}); with a
     * shared store an approved call completes when the store has answered.
     */
    public CompletionStage<Resolution> resolve(JsonRpcMessage message, ToolCall call, Decision decision,
                                               ClientContext client) {
        if (book == null || decision.outcome() != Outcome.REQUIRE_APPROVAL) {
            // a call the policy now lets through still goes upstream without the proxy's own MRTR input
            return CompletableFuture.completedFuture(mayWait(message)
                    ? new Resolution(decision, null, null, withoutOurInput(message), null) : new Resolution(decision, null));
        }
        ApprovalRequest request;
        try {
            request = bound(call);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(unbindable(call, e.getMessage()));
        }
        AnswerShape asked = client.shapeFor(message.params());
        AnswerShape shape = asked == AnswerShape.INPUT_REQUIRED && states == null ? AnswerShape.TOOL_RESULT : asked;
        JsonNode presented = message.params().get("requestState");
        ObjectNode forward = RequestStates.isOurs(presented) ? withoutOurInput(message) : null;
        if (shape != AnswerShape.INPUT_REQUIRED || forward == null) {
            return answerLater(message.id(), forward, call, decision, request, shape, false);
        }
        RequestState state;
        try {
            state = states.open(presented.textValue(), request);
        } catch (RequestStates.RefusedState e) {
            return CompletableFuture.completedFuture(new Resolution(refusal(call, STATE_RULE, e.getMessage(), null),
                    JsonRpcErrors.error(message.id(), JsonRpcErrors.INVALID_PARAMS, "Invalid params: " + e.getMessage()),
                    shape, null, null));
        }
        boolean declined = declined(message.params());
        boolean pending = book.get(state.approvalId()).map(r -> r.state() == ApprovalState.PENDING).orElse(false);
        if (declined || !pending || wait.isZero() || client.loop() == null) {
            return answerLater(message.id(), forward, call, decision, request, shape, declined);
        }
        return decidedOrTimedOut(state.approvalId(), client.loop()).thenCompose(ignored -> client.gone().getAsBoolean()
                // the client left while waiting: nothing is consumed for a call that would not run, nor answered
                ? CompletableFuture.completedFuture(new Resolution(decision, null, shape, null, null))
                : answerLater(message.id(), forward, call, decision, request, shape, false));
    }

    /**
     * {@link #resolve} for a client that gets the tool-result answers. Never completes exceptionally.
     */
    public CompletionStage<Resolution> resolveAsync(JsonNode id, ToolCall call, Decision decision) {
        if (book == null || decision.outcome() != Outcome.REQUIRE_APPROVAL) {
            return CompletableFuture.completedFuture(new Resolution(decision, null));
        }
        ApprovalRequest request;
        try {
            request = bound(call);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(unbindable(call, e.getMessage()));
        }
        return answerLater(id, null, call, decision, request, AnswerShape.TOOL_RESULT, false);
    }

    /** True when the body holds a 2026-07-28 retry of the proxy's own (it may wait, so it is decided off the fast path). */
    public static boolean mayWait(JsonRpcMessage message) {
        return message.isRequest(JsonRpcMessage.TOOLS_CALL) && message.params().isObject()
                && RequestStates.isOurs(message.params().get("requestState"));
    }

    /** The call as an approval binds it; IllegalArgumentException when its arguments cannot be bound exactly. */
    private ApprovalRequest bound(ToolCall call) {
        String digest = CanonicalJson.sha256(call.arguments(), true);
        return new ApprovalRequest(mcpServer, call.tool(), call.caller().identity(), call.caller().grants(), digest);
    }

    private static Resolution unbindable(ToolCall call, String failure) {
        return new Resolution(refusal(call, UNBINDABLE_RULE, "this call's arguments cannot be bound to an approval "
                + "exactly (a number a double cannot hold exactly, or a lone surrogate in a string); send them so",
                failure), null);
    }

    /**
     * The approved call decided again and run, or the call answered without an approval: the denial in force, the
     * pending record it attaches to, or a new one.
     */
    private CompletionStage<Resolution> answerLater(JsonNode id, ObjectNode forward, ToolCall call, Decision decision,
                                                    ApprovalRequest request, AnswerShape shape, boolean declined) {
        Optional<ApprovalRecord> found = book.find(request);
        if (!approved(found)) {
            return CompletableFuture.completedFuture(unapproved(id, call, decision, request, found, shape, declined));
        }
        ApprovalRecord approved = found.get();
        return recheck.apply(call).thenApply(rechecked -> consumed(approved, rechecked, shape, forward)
                .orElseGet(() -> unapproved(id, call, decision, request, book.find(request), shape, declined)));
    }

    private static boolean approved(Optional<ApprovalRecord> found) {
        return found.isPresent() && found.get().state() == ApprovalState.APPROVED;
    }

    /**
     * The approved call decided again: refused (the approval stays for a retry once the limit allows), or allowed and
     * the approval consumed; empty when another retry consumed it first (this one's reservation is rolled back and it
     * asks anew).
     */
    private Optional<Resolution> consumed(ApprovalRecord approved, Decision rechecked, AnswerShape shape,
                                          ObjectNode forward) {
        if (!rechecked.allowed()) {
            return Optional.of(new Resolution(rechecked, null));
        }
        if (book.consume(approved.id())) {
            return Optional.of(new Resolution(rechecked, null, shape, forward, null));
        }
        rechecked.reservation().rollback();
        return Optional.empty();
    }

    /** A call without a usable approval: the denial in force, the pending record it attaches to, or a new one. */
    private Resolution unapproved(JsonNode id, ToolCall call, Decision decision, ApprovalRequest request,
                                  Optional<ApprovalRecord> found, AnswerShape shape, boolean declined) {
        if (found.isPresent() && found.get().state() == ApprovalState.DENIED) {
            ApprovalRecord denied = found.get();
            ObjectNode answer = ApprovalAnswers.denied(id, denied);
            return new Resolution(refusal(call, DENIED_RULE, "denied by " + denied.decidedBy() + ": "
                    + denied.decisionReason(), null),
                    shape == AnswerShape.INPUT_REQUIRED ? NativeAnswers.complete(answer) : answer, shape, null, null);
        }
        Optional<ApprovalRecord> pending = found.isPresent() ? found
                : book.open(request, ArgumentsPreview.of(call.arguments()), decision.rule(), decision.reason(),
                policyGeneration.getAsLong());
        if (pending.isEmpty()) {
            return new Resolution(refusal(call, FULL_RULE, "too many approvals are waiting; retry later", null), null);
        }
        ApprovalRecord record = pending.get();
        String url = links.of(record.id());
        pendingAnswers.get(shape).increment();
        return switch (shape) {
            case URL_ELICITATION_ERROR -> {
                watch.watch(record.id(), call.caller().session());
                yield new Resolution(decision, NativeAnswers.urlElicitationRequired(id, record, url), shape, null, null);
            }
            case INPUT_REQUIRED -> declined
                    // the person would not open the link: the tool result, which says to retry later
                    ? new Resolution(decision, NativeAnswers.complete(ApprovalAnswers.pending(id, record, url)), shape, null, null)
                    : new Resolution(decision, NativeAnswers.inputRequired(id, record, url,
                    states.seal(record, record.expiresAt())), shape, null, null);
            // the one answer a call may be held open on until it is decided (the others have their own ways)
            case TOOL_RESULT -> new Resolution(decision, ApprovalAnswers.pending(id, record, url), shape, null, record);
        };
    }

    /** Pending answers given in {@code shape} so far (the {@code toolgate_approval_answers_total} counter). */
    public long pendingAnswers(AnswerShape shape) {
        return pendingAnswers.get(shape).sum();
    }

    /** Retries waiting for a decision now (the {@code toolgate_approvals_waiting} gauge). */
    public int waiting() {
        return waiting.get();
    }

    /** Completes on {@code loop} when the record is decided, or {@code wait} from now, whichever comes first. */
    private CompletionStage<Void> decidedOrTimedOut(String approvalId, ScheduledExecutorService loop) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.incrementAndGet();
        done.whenComplete((ignored, failure) -> waiting.decrementAndGet());
        ScheduledFuture<?> timer = loop.schedule(() -> done.complete(null), wait.toMillis(), TimeUnit.MILLISECONDS);
        book.whenDecided(approvalId).thenAccept(record -> loop.execute(() -> {
            timer.cancel(false);
            done.complete(null);
        }));
        return done;
    }

    /** The person declined or dismissed opening the link ({@code inputResponses[…].action} other than accept). */
    private static boolean declined(JsonNode params) {
        JsonNode action = params.path("inputResponses").path(NativeAnswers.INPUT_KEY).path("action");
        return action.isTextual() && !"accept".equals(action.textValue());
    }

    /**
     * The message the upstream gets for an approved retry: without the proxy's {@code requestState} and its
     * {@code inputResponses} entry, which the upstream never issued (a server that uses MRTR itself would refuse them).
     */
    private static ObjectNode withoutOurInput(JsonRpcMessage message) {
        ObjectNode node = message.node().deepCopy();
        ObjectNode params = (ObjectNode) node.get("params");
        params.remove("requestState");
        if (params.get("inputResponses") instanceof ObjectNode responses) {
            responses.remove(NativeAnswers.INPUT_KEY);
            if (responses.isEmpty()) {
                params.remove("inputResponses");
            }
        }
        return node;
    }

    private static Decision refusal(ToolCall call, String rule, String reason, String failure) {
        return new Decision(Outcome.DENY, call.tool(), rule, RuleOrigin.PROXY, reason, null, Reservation.NONE, failure);
    }

    /**
     * @param decision what the call's audit line records; allowed calls carry their reservation
     * @param answer   the gate's own answer, or null for the usual one
     * @param shape    which kind of answer the client was given (null: the gate was not involved)
     * @param forward  the message to send upstream instead of the client's (the proxy's own MRTR input removed), or
     *                 null to send it as it came
     * @param pending  the pending record the answer names, or null: a call that may be held open until it is decided
     */
    public record Resolution(Decision decision, ObjectNode answer, AnswerShape shape, ObjectNode forward,
                             ApprovalRecord pending) {
        public Resolution(Decision decision, ObjectNode answer) {
            this(decision, answer, null, null, null);
        }
    }
}
