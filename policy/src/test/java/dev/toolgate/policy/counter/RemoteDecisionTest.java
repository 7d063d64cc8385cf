package dev.toolgate.policy.counter;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.FakeClock;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.Policies;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.model.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding against a store that answers later (as Redis does): the counters a {@code state.} condition reads are
 * fetched before the evaluation that uses them, the claims reserved in one more answer, and the decisions are the ones
 * the synchronous path gives; a store that fails is a fixed denial.
 */
class RemoteDecisionTest {
    private static final String POLICY = """
            version: '1'
            tools:
              t:
                rules:
                  - {name: count, rate_limit: 100/hour}
                  - name: gate
                    conditions: [{path: state.t._rate_hour, op: lt, value: 2}]
                    on_deny: "two an hour"
            """;
    private final ExecutorService answers = Executors.newSingleThreadExecutor();
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:30Z");

    @AfterEach
    void stop() {
        answers.shutdownNow();
    }

    /** The in-memory store, answering on another thread and saying it does not answer at once. */
    private final class AnswersLater implements CounterStore {
        private final InMemoryCounterStore store = new InMemoryCounterStore(clock);
        volatile boolean failing;
        int reads;

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public boolean answersAtOnce() {
            return false;
        }

        @Override
        public CompletionStage<Integer> reserveAllAsync(CounterClaim[] claims, Ticket[] into) {
            return CompletableFuture.supplyAsync(() -> answer(() -> store.reserveAll(claims, into)), answers);
        }

        @Override
        public CompletionStage<long[]> currentAllAsync(CounterKey[] keys, Window[] windows) {
            reads++;
            return CompletableFuture.supplyAsync(() -> answer(() -> {
                long[] values = new long[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    values[i] = store.current(keys[i], windows[i]);
                }
                return values;
            }), answers);
        }

        private <T> T answer(java.util.function.Supplier<T> value) {
            if (failing) {
                throw new CounterStoreUnavailableException("the store is away", null);
            }
            return value.get();
        }

        @Override
        public long current(CounterKey key, Window window) {
            throw new AssertionError("a remote store is never read synchronously");
        }

        @Override
        public Ticket reserve(CounterKey key, Window window, long amount, long limit) {
            throw new AssertionError("a remote store is never reserved in synchronously");
        }

        @Override
        public void commit(Ticket ticket) {
        }

        @Override
        public void rollback(Ticket ticket) {
            store.rollback(ticket);
        }
    }

    @Test
    void readsWhatTheConditionsNeedThenReservesAndDecidesAsTheSynchronousPathDoes() throws Exception {
        CompiledPolicy policy = Policies.parse(POLICY);
        AnswersLater remote = new AnswersLater();
        PolicyEngine later = new PolicyEngine(policy, remote);
        PolicyEngine atOnce = new PolicyEngine(policy, clock);

        for (int i = 0; i < 3; i++) {
            Decision expected = atOnce.decide(call("t"));
            Decision decided = later.decideAsync(call("t")).toCompletableFuture().get();
            assertThat(decided.outcome()).as("call %d", i + 1).isEqualTo(expected.outcome());
            assertThat(decided.rule()).isEqualTo(expected.rule());
        }
        assertThat(remote.reads).as("the state condition's counter was read before each evaluation").isGreaterThanOrEqualTo(3);
        assertThat(later.decideAsync(call("t")).toCompletableFuture().get().outcome()).isNotEqualTo(Outcome.ALLOW);
    }

    @Test
    void aStoreThatFailsIsAFixedDenial() throws Exception {
        AnswersLater remote = new AnswersLater();
        remote.failing = true;
        Decision decided = new PolicyEngine(Policies.parse(POLICY), remote).decideAsync(call("t")).toCompletableFuture().get();

        assertThat(decided.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decided.rule()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        assertThat(decided.reason()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_REASON);
        assertThat(decided.failure()).contains("the store is away");
    }

    private static final String APPROVAL_POLICY = """
            version: '1'
            tools:
              t:
                rules:
                  - {name: ask, action: require_approval, reason: "a person decides"}
                  - {name: count, rate_limit: 2/hour}
            """;

    @Test
    void anApprovedCallIsDecidedAgainstTheRemoteStoreAndItsCountersReservedThere() throws Exception {
        CompiledPolicy policy = Policies.parse(APPROVAL_POLICY);
        AnswersLater remote = new AnswersLater();
        PolicyEngine later = new PolicyEngine(policy, remote);
        PolicyEngine atOnce = new PolicyEngine(policy, clock);
        assertThat(later.decideAsync(call("t")).toCompletableFuture().get().outcome())
                .as("an unapproved call still asks for approval").isEqualTo(Outcome.REQUIRE_APPROVAL);

        for (int i = 0; i < 3; i++) {
            Decision expected = atOnce.decideApproved(call("t"));
            CompletionStage<Decision> pending = later.decideApprovedAsync(call("t"));
            Decision decided = pending.toCompletableFuture().get();
            assertThat(decided.outcome()).as("approved call %d", i + 1).isEqualTo(expected.outcome());
            assertThat(decided.rule()).isEqualTo(expected.rule());
            decided.reservation().commit();
            expected.reservation().commit();
        }
        assertThat(atOnce.decideApproved(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(later.decideApprovedAsync(call("t")).toCompletableFuture().get().outcome())
                .as("the third approved call is over the limit: an approval is no way around it")
                .isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void anApprovedCallAgainstAStoreThatFailsIsAFixedDenial() throws Exception {
        AnswersLater remote = new AnswersLater();
        remote.failing = true;
        Decision decided = new PolicyEngine(Policies.parse(APPROVAL_POLICY), remote).decideApprovedAsync(call("t"))
                .toCompletableFuture().get();

        assertThat(decided.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decided.rule()).isEqualTo(PolicyEngine.STORE_UNAVAILABLE_RULE);
        assertThat(decided.failure()).contains("the store is away");
    }
}
