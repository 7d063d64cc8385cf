package dev.toolgate.proxy.jsonrpc;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.proxy.ProxyMetrics;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.DecidedCall;
import dev.toolgate.proxy.decide.DecisionPlan;
import dev.toolgate.proxy.decide.PolicyState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the parse and decide stages on raw POST bodies (docs/fuzzing.md). For every input:
 * <ul>
 *   <li>the parser either reads it or refuses it with a documented error: -32700 or -32600, HTTP 400; nothing else
 *       is thrown, by the parser or by the decide stage;</li>
 *   <li>a body the proxy reads, an upstream reads too ({@link UpstreamReading}: plain Jackson on the same bytes), as
 *       the same messages; and so does an upstream that decodes the bytes as UTF-8 first, when it can;</li>
 *   <li>every tools/call the proxy would forward was decided, on the tool name and arguments the upstream reads, and
 *       the policy allows that call as the upstream reads it.</li>
 * </ul>
 * Time per input is bounded by Jazzer's per-input timeout and memory by the fuzzing JVM's heap (the surefire
 * executions in proxy/pom.xml); the input size by {@link #MAX_INPUT}.
 */
class JsonRpcBodyFuzzTest {
    /** Far above what the fuzzer makes (4 KiB) and what the seeds hold; the transport's body limit is the real cap. */
    private static final int MAX_INPUT = 1 << 20;
    private static final Caller CALLER = new Caller("fuzz", "fuzz", "fuzz");
    /** Allows some tools and calls, denies others, so that a decision taken on the wrong name or arguments shows. */
    private static final String POLICY = """
            {"version": "1", "default": "deny", "tools": {
              "read_*": {},
              "run_workflow": {"rules": [{"name": "not in prod", "on_deny": "not in prod",
                "conditions": [{"path": "args.env", "op": "neq", "value": "prod"}]}]},
              "delete_repo": {"action": "deny", "reason": "never"}}}""";

    /**
     * The same reading, numbers compared as the doubles a plain upstream reads them as: the proxy keeps {@code 1e400}
     * exact where plain Jackson reads Infinity (seed crash-8429041…). What the proxy decides on is still checked
     * against the upstream's reading by the policy itself ({@link #assertDecidedAsRead}).
     */
    private static final Comparator<JsonNode> NUMBERS_AS_DOUBLES = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && Double.compare(a.doubleValue(), b.doubleValue()) == 0 ? 0 : 1;
    private static final Comparator<JsonNode> SAME_READING = (proxy, upstream) -> proxy == null || upstream == null
            ? (proxy == upstream ? 0 : 1) : proxy.equals(NUMBERS_AS_DOUBLES, upstream) ? 0 : 1;

    private final JsonRpcParser parser = new JsonRpcParser();
    private final PolicyEngine reference;
    private final CallDecider decider;

    JsonRpcBodyFuzzTest() throws InvalidPolicyException {
        CompiledPolicy policy = PolicyLoader.parse(POLICY, "fuzz policy");
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
        reference = new PolicyEngine(policy, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PolicyState state = new PolicyState(clock, registry);
        state.onPolicy(policy);
        decider = new CallDecider(state, new AuditTrail(List.of()), new ProxyMetrics(registry), clock);
    }

    @FuzzTest
    @DictionaryEntries({"\"jsonrpc\"", "\"2.0\"", "\"id\"", "\"method\"", "\"tools/call\"", "\"tools/list\"", "\"params\"",
            "\"name\"", "\"arguments\"", "\"result\"", "\"error\"", "\"run_workflow\"", "\"read_file\"", "\"delete_repo\"",
            "\"env\"", "\"prod\"", "\\u002f", "\\u0000", "null", "true", "1e400", "[", "]", "{", "}", ",", ":"})
    void decidesOnWhatAnUpstreamReads(byte[] body) {
        if (body.length > MAX_INPUT) {
            return;
        }
        JsonRpcBody parsed;
        try {
            parsed = parser.parse(body);
        } catch (JsonRpcException e) {
            assertThat(e.code()).as(e.getMessage()).isIn(JsonRpcErrors.PARSE_ERROR, JsonRpcErrors.INVALID_REQUEST);
            assertThat(e.httpStatus()).isEqualTo(400);
            return;
        }
        Optional<UpstreamReading> read = UpstreamReading.of(body);
        assertThat(read).as("the proxy read a body that an upstream cannot read").isPresent();
        UpstreamReading upstream = read.get();
        // issue #14 item 4: bytes after the value could be read as more calls by an upstream (seed trailing-call.json)
        assertThat(upstream.trailing()).as("bytes after the value").isFalse();
        assertThat(parsed.messages()).<JsonNode>extracting(JsonRpcMessage::node).as("the messages an upstream reads")
                .usingElementComparator(SAME_READING).containsExactlyElementsOf(upstream.messages());
        DecisionPlan plan = decider.decide(parsed, CALLER, System.nanoTime());
        for (int i = 0; i < upstream.messages().size(); i++) {
            JsonNode message = upstream.messages().get(i);
            JsonRpcMessage proxied = parsed.messages().get(i);
            if (UpstreamReading.isToolsCall(message) && forwards(plan, proxied)) {
                assertDecidedAsRead(plan, proxied, message);
            }
        }
        Optional<UpstreamReading> strict = UpstreamReading.ofStrictUtf8(body);
        // Jackson reads some invalid UTF-8 (overlong forms, code points above U+10FFFF) as other characters; the proxy
        // refuses it, so what it read is what an upstream that decodes strict UTF-8 reads (seed overlong-utf8-argument.json)
        assertThat(strict).as("the proxy read a body that is not UTF-8").isPresent();
        assertThat(parsed.messages()).<JsonNode>extracting(JsonRpcMessage::node)
                .as("the messages a decoding upstream reads").usingElementComparator(SAME_READING)
                .containsExactlyElementsOf(strict.get().messages());
    }

    private static boolean forwards(DecisionPlan plan, JsonRpcMessage message) {
        return plan.forward().stream().anyMatch(forwarded -> forwarded == message);
    }

    private void assertDecidedAsRead(DecisionPlan plan, JsonRpcMessage proxied, JsonNode message) {
        Optional<DecidedCall> decided = plan.allowed().stream().filter(call -> call.message() == proxied).findFirst();
        assertThat(decided).as("a forwarded tools/call was decided: %s", message).isPresent();
        String tool = UpstreamReading.toolName(message);
        JsonNode arguments = UpstreamReading.arguments(message);
        assertThat(decided.get().call().tool()).isEqualTo(tool);
        assertThat(SAME_READING.compare(decided.get().call().arguments(), arguments))
                .as("the arguments decided on, as the upstream reads them: %s", message).isZero();
        assertThat(reference.explain(new ToolCall(tool, arguments, CALLER)).outcome())
                .as("the policy's decision on the call as the upstream reads it: %s", message).isEqualTo(Outcome.ALLOW);
    }
}
