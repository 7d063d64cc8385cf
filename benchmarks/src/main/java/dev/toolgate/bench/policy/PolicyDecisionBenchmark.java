package dev.toolgate.bench.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.ToolCall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decision throughput on a 50-tool policy with argument conditions (number, list, RE2 regex) and counters
 * (a per-grant daily counter per tool and a global per-minute counter on "*"): each decision evaluates the
 * conditions, reserves two counters and commits them.
 * <ul>
 *   <li>{@code singleThread}: one thread;</li>
 *   <li>{@code contendedOneCounter}: 4 threads on the same tool and grant, so on the same counters;</li>
 *   <li>{@code fourThreadsOwnCounters}: 4 threads, each its own tool and grant, on a policy without the shared
 *       "*" counter — shows the store does not serialize unrelated counters;</li>
 *   <li>{@code singleThreadDistinctArguments}: one thread cycling through 4096 calls with distinct workflow names,
 *       so the regex memo (256 slots) mostly misses and RE2/J runs cold.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyDecisionBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode arguments() {
        try {
            return JSON.readTree("{\"workflow\": \"nightly_build\", \"env\": \"staging\", \"amount\": 250, \"note\": \"from the benchmark\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One engine shared by all threads. */
    @State(Scope.Benchmark)
    public static class SharedEngine {
        PolicyEngine engine;
        PolicyEngine engineWithoutGlobalCounter;
        ToolCall call;

        @Setup(Level.Trial)
        public void setUp() {
            engine = new PolicyEngine(BenchPolicies.fiftyTools(), Clock.systemUTC());
            engineWithoutGlobalCounter = new PolicyEngine(BenchPolicies.fiftyToolsWithoutGlobalCounter(), Clock.systemUTC());
            call = new ToolCall("tool_25", arguments(), new Caller("alice", "team-a", "session-1"));
        }
    }

    /** 4096 calls that differ in the argument the regex checks. */
    @State(Scope.Thread)
    public static class DistinctCalls {
        ToolCall[] calls = new ToolCall[4096];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < calls.length; i++) {
                JsonNode args = arguments();
                ((com.fasterxml.jackson.databind.node.ObjectNode) args).put("workflow", "nightly_build_" + Integer.toString(i, 36));
                calls[i] = new ToolCall("tool_25", args, new Caller("alice", "team-a", "session-1"));
            }
        }

        ToolCall next() {
            ToolCall call = calls[next];
            next = (next + 1) & (calls.length - 1);
            return call;
        }
    }

    /** Per thread: its own tool and grant. */
    @State(Scope.Thread)
    public static class OwnCall {
        private static final AtomicInteger NEXT = new AtomicInteger();
        ToolCall call;

        @Setup(Level.Trial)
        public void setUp() {
            int n = NEXT.getAndIncrement();
            call = new ToolCall(BenchPolicies.toolName(n % BenchPolicies.TOOLS), arguments(),
                    new Caller("user-" + n, "grant-" + n, "session-" + n));
        }
    }

    @Benchmark
    @Threads(1)
    public Decision singleThread(SharedEngine state) {
        return decideAndCommit(state.engine, state.call);
    }

    @Benchmark
    @Threads(1)
    public Decision singleThreadDistinctArguments(SharedEngine state, DistinctCalls calls) {
        return decideAndCommit(state.engine, calls.next());
    }

    @Benchmark
    @Threads(4)
    public Decision contendedOneCounter(SharedEngine state) {
        return decideAndCommit(state.engine, state.call);
    }

    @Benchmark
    @Threads(4)
    public Decision fourThreadsOwnCounters(SharedEngine state, OwnCall own) {
        return decideAndCommit(state.engineWithoutGlobalCounter, own.call);
    }

    /** What the proxy does for an allowed call that the upstream answered: decide, then commit the reservation. */
    private static Decision decideAndCommit(PolicyEngine engine, ToolCall call) {
        Decision decision = engine.decide(call);
        decision.reservation().commit();
        return decision;
    }
}
