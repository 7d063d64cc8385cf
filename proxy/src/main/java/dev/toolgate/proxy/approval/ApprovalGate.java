package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Reservation;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.RuleOrigin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * Every other decision passes through unchanged. {@link #resolve} decides an approved call again on the calling thread
 * (counters in memory); {@link #resolveAsync} without waiting on it, for counters in a shared store.
 */
public final class ApprovalGate {
    /** The rule of a call refused because the book holds too many live approvals. */
    public static final String FULL_RULE = "toolgate/approvals-full";
    /** The rule of a call refused because its arguments cannot be bound to an approval exactly. */
    public static final String UNBINDABLE_RULE = "toolgate/approval-unbindable";
    /** The rule of a call whose approval a person denied. */
    public static final String DENIED_RULE = "toolgate/approval-denied";
    /** A gate for a proxy without approvals: the policy's decision stands (require_approval refuses the call). */
    public static final ApprovalGate NONE = new ApprovalGate(null, null, null, null, null);

    private final ApprovalBook book;
    private final Function<ToolCall, Decision> recheck;
    private final Function<ToolCall, CompletionStage<Decision>> recheckAsync;
    private final LongSupplier policyGeneration;
    private final ApprovalLinks links;
    private final String mcpServer;

    /**
     * @param recheck the policy's decision on a call a person approved, reserving its counters when allowed
     * @param links   where a person decides an approval
     */
    public ApprovalGate(ApprovalBook book, Function<ToolCall, Decision> recheck, LongSupplier policyGeneration,
                        ApprovalLinks links, String mcpServer) {
        this(book, recheck, recheck == null ? null : call -> CompletableFuture.completedFuture(recheck.apply(call)),
                policyGeneration, links, mcpServer);
    }

    /**
     * @param recheckAsync {@code recheck} without waiting on the calling thread (a shared counter store answers later);
     *                     never completes exceptionally
     */
    public ApprovalGate(ApprovalBook book, Function<ToolCall, Decision> recheck,
                        Function<ToolCall, CompletionStage<Decision>> recheckAsync, LongSupplier policyGeneration,
                        ApprovalLinks links, String mcpServer) {
        this.book = book;
        this.recheck = recheck;
        this.recheckAsync = recheckAsync;
        this.policyGeneration = policyGeneration;
        this.links = links;
        this.mcpServer = mcpServer;
    }

    /**
     * The decision for the call and, when the gate answers it itself, the answer ({@code null} otherwise: an allowed
     * call goes upstream, a refused one gets the usual denial).
     */
    public Resolution resolve(JsonNode id, ToolCall call, Decision decision) {
        if (book == null || decision.outcome() != Outcome.REQUIRE_APPROVAL) {
            return new Resolution(decision, null);
        }
        Binding binding = bind(call);
        if (binding.request() == null) {
            return unbindable(call, binding.failure());
        }
        ApprovalRequest request = binding.request();
        Optional<ApprovalRecord> found = book.find(request);
        if (found.isPresent() && found.get().state() == ApprovalState.APPROVED) {
            Decision rechecked = recheck.apply(call);
            Optional<Resolution> ran = consumed(found.get(), rechecked);
            if (ran.isPresent()) {
                return ran.get();
            }
            found = book.find(request);
        }
        return unapproved(id, call, decision, request, found);
    }

    /**
     * {@link #resolve} without waiting on the calling thread: an approved call is decided again with
     * {@code recheckAsync} (its counters reserved in a shared store), the rest at once. Never completes exceptionally.
     */
    public CompletionStage<Resolution> resolveAsync(JsonNode id, ToolCall call, Decision decision) {
        if (book == null || decision.outcome() != Outcome.REQUIRE_APPROVAL) {
            return CompletableFuture.completedFuture(new Resolution(decision, null));
        }
        Binding binding = bind(call);
        if (binding.request() == null) {
            return CompletableFuture.completedFuture(unbindable(call, binding.failure()));
        }
        ApprovalRequest request = binding.request();
        Optional<ApprovalRecord> found = book.find(request);
        if (found.isEmpty() || found.get().state() != ApprovalState.APPROVED) {
            return CompletableFuture.completedFuture(unapproved(id, call, decision, request, found));
        }
        ApprovalRecord approved = found.get();
        return recheckAsync.apply(call).thenApply(rechecked -> consumed(approved, rechecked)
                .orElseGet(() -> unapproved(id, call, decision, request, book.find(request))));
    }

    /**
     * The approved call decided again: refused (the approval stays for a retry once the limit allows), or allowed and
     * the approval consumed; empty when another retry consumed it first (this one's reservation is rolled back and it
     * asks anew).
     */
    private Optional<Resolution> consumed(ApprovalRecord approved, Decision rechecked) {
        if (!rechecked.allowed() || book.consume(approved.id())) {
            return Optional.of(new Resolution(rechecked, null));
        }
        rechecked.reservation().rollback();
        return Optional.empty();
    }

    /** The call bound to its record: same McpServer, tool, identity and canonical arguments. */
    private Binding bind(ToolCall call) {
        try {
            String digest = CanonicalJson.sha256(call.arguments(), true);
            return new Binding(new ApprovalRequest(mcpServer, call.tool(), call.caller().identity(),
                    call.caller().grants(), digest), null);
        } catch (IllegalArgumentException e) {
            return new Binding(null, e.getMessage());
        }
    }

    /** A call's request, or (null) why its arguments cannot be bound to an approval exactly. */
    private record Binding(ApprovalRequest request, String failure) {
    }

    private static Resolution unbindable(ToolCall call, String failure) {
        return new Resolution(refusal(call, UNBINDABLE_RULE, "this call's arguments cannot be bound to an approval "
                + "exactly (a number a double cannot hold exactly, or a lone surrogate in a string); send them so",
                failure), null);
    }

    /** A call without a usable approval: the denial in force, the pending record it attaches to, or a new one. */
    private Resolution unapproved(JsonNode id, ToolCall call, Decision decision, ApprovalRequest request,
                                  Optional<ApprovalRecord> found) {
        if (found.isPresent() && found.get().state() == ApprovalState.DENIED) {
            ApprovalRecord denied = found.get();
            return new Resolution(refusal(call, DENIED_RULE, "denied by " + denied.decidedBy() + ": "
                    + denied.decisionReason(), null), ApprovalAnswers.denied(id, denied));
        }
        Optional<ApprovalRecord> pending = found.isPresent() ? found
                : book.open(request, ArgumentsPreview.of(call.arguments()), decision.rule(), decision.reason(),
                policyGeneration.getAsLong());
        if (pending.isEmpty()) {
            return new Resolution(refusal(call, FULL_RULE, "too many approvals are waiting; retry later", null), null);
        }
        return new Resolution(decision, ApprovalAnswers.pending(id, pending.get(), links.of(pending.get().id())),
                pending.get());
    }

    private static Decision refusal(ToolCall call, String rule, String reason, String failure) {
        return new Decision(Outcome.DENY, call.tool(), rule, RuleOrigin.PROXY, reason, null, Reservation.NONE, failure);
    }

    /**
     * @param decision what the call's audit line records; allowed calls carry their reservation
     * @param answer   the gate's own answer, or null for the usual one
     * @param pending  the pending record the answer names, or null: a call that may be held open until it is decided
     */
    public record Resolution(Decision decision, ObjectNode answer, ApprovalRecord pending) {
        public Resolution(Decision decision, ObjectNode answer) {
            this(decision, answer, null);
        }
    }
}
