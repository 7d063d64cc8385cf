package dev.toolgate.policy.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.PolicyWriter;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.Subject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link PolicyLoader} on policy documents, YAML and JSON alike (the loader tells them
 * apart by the first character), through the parser, the validator and the compiler (docs/fuzzing.md). For every input:
 * <ul>
 *   <li>the loader returns a compiled policy or throws {@link InvalidPolicyException} with at least one error;
 *       nothing else is thrown;</li>
 *   <li>a loaded policy, written by {@link PolicyWriter} and read back, is the same model, writes the same text, and
 *       decides a few sample calls ({@link SampleCalls}) the same way.</li>
 * </ul>
 * Time per input is bounded by Jazzer's per-input timeout and memory by the fuzzing JVM's heap (proxy/pom.xml), so
 * alias bombs and deep nesting among the seeds and whatever the fuzzer grows from them must be refused quickly.
 */
class PolicyDocumentFuzzTest {
    /** Policy files are operator-written and small; a ConfigMap holds at most 1 MiB. */
    private static final int MAX_INPUT = 1 << 20;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);

    /** What a decision says to the agent and the audit line; counters are not touched by explain. */
    private record Said(Outcome outcome, String rule, String reason, Long retryAfterSeconds, Subject admittedBy) {
        Said(Decision decision) {
            this(decision.outcome(), decision.rule(), decision.reason(), decision.retryAfterSeconds(), decision.admittedBy());
        }
    }

    @FuzzTest
    @DictionaryEntries({"version: \"1\"", "\"version\": \"1\"", "default: deny", "default: allow", "hide:", "tools:",
            "\"tools\"", "rules:", "limits:", "\"limits\"", "action:", "require_approval", "evaluate", "reason:", "on_deny:",
            "rate_limit: 5/hour", "conditions:", "path: args.", "state.", "op:", "value:", "eq", "neq", "in", "not_in",
            "lt", "lte", "gt", "gte", "regex", "contains", "exists", "state:", "counter:", "window:", "minute", "hour",
            "day", "scope:", "grant", "identity", "session", "global", "increment:", "increment_from:", "max:", "\"*\"",
            "github_*", "grants:", "- grant: ", "- identity: ", "- serviceAccount: ", "ns/*", "tools: [", "&a ", "*a", "<<: ", "!!str", "---", "- ", "[", "]", "{", "}"})
    void loadsOrRefusesAndRoundTrips(byte[] document) throws InvalidPolicyException {
        if (document.length > MAX_INPUT) {
            return;
        }
        CompiledPolicy policy;
        try {
            policy = PolicyLoader.parse(new String(document, StandardCharsets.UTF_8), "fuzz input");
        } catch (InvalidPolicyException e) {
            assertThat(e.errors()).as("a refused policy says why").isNotEmpty();
            return;
        }
        String canonical = PolicyWriter.toJson(policy);
        CompiledPolicy reread = PolicyLoader.parse(canonical, "written back");
        assertThat(reread.model()).as("the model read back from\n%s", canonical).isEqualTo(policy.model());
        assertThat(PolicyWriter.toJson(reread)).isEqualTo(canonical);
        PolicyEngine original = new PolicyEngine(policy, CLOCK);
        PolicyEngine written = new PolicyEngine(reread, CLOCK);
        for (ToolCall call : SampleCalls.of(policy.model())) {
            assertThat(new Said(written.explain(call))).as("%s", call).isEqualTo(new Said(original.explain(call)));
        }
    }
}
