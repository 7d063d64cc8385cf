package dev.toolgate.proxy.decide;

import dev.toolgate.policy.Caller;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.proxy.source.PolicySource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, fed by a {@link PolicySource}. The first policy creates the engine, later ones are swapped in
 * (counters kept); an invalid one is logged line by line and counted, and the last good one stays. Until a policy
 * has loaded every call is denied (fail closed) and nothing is listed; a failed evaluation is denied by the engine.
 */
public final class PolicyState implements PolicySource.Listener {
    public static final String NO_POLICY_RULE = "toolgate/no-policy";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyState.class);

    private final AtomicReference<PolicyEngine> engine = new AtomicReference<>();
    private final Clock clock;
    private final CounterStore store;
    private final Counter reloads;
    private final Counter failures;
    private final AtomicLong generation = new AtomicLong();

    public PolicyState(Clock clock, MeterRegistry registry) {
        this(clock, registry, null);
    }

    /** @param store where counters live (a shared store), or null for counters in memory on {@code clock} */
    public PolicyState(Clock clock, MeterRegistry registry, CounterStore store) {
        this.clock = clock;
        this.store = store;
        this.reloads = Counter.builder("toolgate.policy.reloads").description("Policies put in force").register(registry);
        this.failures = Counter.builder("toolgate.policy.reload.failures")
                .description("Policy changes rejected as invalid; the last good policy stayed").register(registry);
    }

    @Override
    public void onPolicy(CompiledPolicy policy) {
        PolicyEngine current = engine.get();
        if (current == null) {
            engine.set(store == null ? new PolicyEngine(policy, clock) : new PolicyEngine(policy, store));
        } else {
            current.swap(policy);
        }
        reloads.increment();
        generation.incrementAndGet();
        LOG.info("policy in force ({} tool entries)", policy.toolCount());
    }

    @Override
    public void onInvalid(List<PolicyError> errors) {
        failures.increment();
        LOG.error("policy change rejected, the last good policy stays in force ({} error(s)):", errors.size());
        errors.forEach(error -> LOG.error("  {}", error));
    }

    public boolean loaded() {
        return engine.get() != null;
    }

    public Decision decide(ToolCall call) {
        PolicyEngine current = engine.get();
        if (current == null) {
            return deny(call, NO_POLICY_RULE, "no policy is loaded yet");
        }
        // the engine turns a failed evaluation into a denial itself (the one place that fails closed)
        Decision decision = current.decide(call);
        if (decision.failure() != null) {
            LOG.error("policy evaluation failed for tool {}; denied: {}", call.tool(), decision.failure());
        }
        return decision;
    }

    /**
     * {@link PolicyEngine#decideApprovedAsync}: a call a person approved, checked again against the policy in force,
     * without waiting on the calling thread (at once with counters in memory).
     */
    public CompletionStage<Decision> decideApprovedAsync(ToolCall call) {
        PolicyEngine current = engine.get();
        if (current == null) {
            return CompletableFuture.completedFuture(deny(call, NO_POLICY_RULE, "no policy is loaded yet"));
        }
        return current.decideApprovedAsync(call).thenApply(decision -> {
            if (decision.failure() != null && !PolicyEngine.STORE_UNAVAILABLE_RULE.equals(decision.rule())) {
                LOG.error("policy evaluation failed for approved tool {}; denied: {}", call.tool(), decision.failure());
            }
            return decision;
        });
    }

    /** How many policies were put in force since start: which policy asked for an approval. */
    public long generation() {
        return generation.get();
    }

    /** False when counters live in a remote store: decide with {@link #decideAsync} on an event loop. */
    public boolean answersAtOnce() {
        return store == null || store.answersAtOnce();
    }

    /** {@link #decide} completed when the counter store has answered; never completes exceptionally. */
    public CompletionStage<Decision> decideAsync(ToolCall call) {
        PolicyEngine current = engine.get();
        if (current == null) {
            return CompletableFuture.completedFuture(deny(call, NO_POLICY_RULE, "no policy is loaded yet"));
        }
        return current.decideAsync(call).thenApply(decision -> {
            // a store that is away is logged once per change (StoreHealth), not once per call
            if (decision.failure() != null && !PolicyEngine.STORE_UNAVAILABLE_RULE.equals(decision.rule())) {
                LOG.error("policy evaluation failed for tool {}; denied: {}", call.tool(), decision.failure());
            }
            return decision;
        });
    }

    public boolean mayList(String tool) {
        return mayList(tool, (Classification) null);
    }

    /** {@link #mayList(String)} for a tool of a known classification (null: never seen listed, the worst case). */
    public boolean mayList(String tool, Classification classification) {
        PolicyEngine current = engine.get();
        return current != null && current.mayList(tool, classification); // the engine hides what it cannot evaluate
    }

    /**
     * False for a tool this caller can never call, as the policy's grants and rules say, judged with the tool's
     * classification (null: never seen listed, the worst case); everything before a policy.
     */
    public boolean mayList(String tool, Caller caller, Classification classification) {
        PolicyEngine current = engine.get();
        return current != null && current.mayList(tool, caller, classification); // the engine hides what it cannot evaluate
    }

    private static Decision deny(ToolCall call, String rule, String reason) {
        return new Decision(Outcome.DENY, call.tool(), rule, RuleOrigin.PROXY, reason, null, null, null);
    }
}
