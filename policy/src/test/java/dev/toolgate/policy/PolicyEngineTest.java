package dev.toolgate.policy;

import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.counter.CounterStore;
import dev.toolgate.policy.counter.InMemoryCounterStore;
import dev.toolgate.policy.counter.Ticket;
import dev.toolgate.policy.model.Window;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine: hot swap keeps counters, failures deny (fail closed), counting is exact under concurrency. */
class PolicyEngineTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

    @Test
    void swapPutsTheNewPolicyInForceAndKeepsCounters() {
        CompiledPolicy three = Policies.parse("{\"version\": \"1\", \"tools\": {\"t\": {\"limits\": [{\"counter\": \"c\", \"window\": \"hour\", \"max\": 3}]}}}");
        CompiledPolicy four = Policies.parse("{\"version\": \"1\", \"tools\": {\"t\": {\"limits\": [{\"counter\": \"c\", \"window\": \"hour\", \"max\": 4}]}, "
                + "\"new\": {}}}");
        PolicyEngine engine = new PolicyEngine(three, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(engine.decide(call("t")).allowed()).isTrue();
        }
        assertThat(engine.decide(call("t")).allowed()).isFalse();
        engine.swap(four);
        assertThat(engine.current()).isSameAs(four);
        assertThat(engine.decide(call("t")).allowed()).isTrue();
        assertThat(engine.decide(call("t")).allowed()).isFalse();
    }

    @Test
    void aFailingCounterStoreDeniesWithRuleError() {
        CounterStore broken = new CounterStore() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public long current(CounterKey key, Window window) {
                throw new IllegalStateException("store down");
            }

            @Override
            public Ticket reserve(CounterKey key, Window window, long amount, long limit) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void commit(Ticket ticket) {
            }

            @Override
            public void rollback(Ticket ticket) {
            }
        };
        PolicyEngine engine = new PolicyEngine(Policies.load("seed-run_workflow.json"), broken);
        Decision d = engine.decide(call("run_workflow"));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.rule()).isEqualTo(PolicyEngine.FAILURE_RULE);
        assertThat(d.tool()).isEqualTo("run_workflow");
        assertThat(d.reason()).as("the agent reads a fixed reason").isEqualTo(PolicyEngine.FAILURE_REASON).doesNotContain("store down");
        assertThat(d.failure()).as("the audit log reads the cause").contains("store down");
        assertThat(engine.explain(call("run_workflow")).rule()).isEqualTo(PolicyEngine.FAILURE_RULE);
        // calls that touch no counter still work
        assertThat(engine.decide(call("other")).rule()).isEqualTo("default");
    }

    @Test
    void aCallWithoutAToolNameIsDenied() {
        PolicyEngine engine = new PolicyEngine(Policies.parse("{\"version\": \"1\", \"tools\": {}}"), clock);
        Decision d = engine.decide(new ToolCall(null, null, null));
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.rule()).isEqualTo(PolicyEngine.FAILURE_RULE);
        assertThat(engine.decide(null).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void concurrentCallersNeverExceedTheLimit() throws Exception {
        PolicyEngine engine = new PolicyEngine(Policies.parse("""
                {"version": "1", "tools": {"t": {"limits": [{"counter": "c", "window": "day", "max": 1000}]}}}
                """), clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 1000; i++) {
                        Decision d = engine.decide(call("t"));
                        if (d.allowed()) {
                            allowed++;
                            if (i % 10 == 0) {
                                d.reservation().rollback();
                                allowed--;
                            } else {
                                d.reservation().commit();
                            }
                        }
                    }
                    return allowed;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(1000);
            assertThat(engine.decide(call("t")).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void engineOnAnInjectedStoreUsesThatStore() {
        InMemoryCounterStore store = new InMemoryCounterStore(clock);
        PolicyEngine engine = new PolicyEngine(Policies.load("seed-run_workflow.json"), store);
        engine.decide(call("run_workflow", "{}", new Caller("a", "team-a", null)));
        assertThat(engine.counters()).isSameAs(store);
        assertThat(store.current(new CounterKey("run_workflow.run_workflow_rate", "team-a"), Window.MINUTE)).isEqualTo(1);
    }
}
