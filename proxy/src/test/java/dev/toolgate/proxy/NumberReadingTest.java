package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.JsonReading;
import dev.toolgate.policy.Outcome;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reading of numbers: the proxy (a real one, over sockets, the number sent as written) and {@code explain}'s
 * reading ({@link JsonReading}, then {@link PolicyEngine#explain}) decide the same for numbers doubles get wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberReadingTest {
    private static final String POLICY = """
            {"version": "1", "tools": {
              "capped": {"rules": [{"name": "at most 100", "conditions": [{"path": "args.n", "op": "lte", "value": 100}]}]},
              "exact":  {"rules": [{"name": "that id only", "conditions": [{"path": "args.n", "op": "eq", "value": 9007199254740993}]}]}}}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StubUpstream upstream;
    private ProxyFixture proxy;
    private PolicyEngine explain;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream((request, body) -> StubUpstream.json(request,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}"));
        proxy = new ProxyFixture(dir, upstream.uri(), POLICY);
        explain = new PolicyEngine(PolicyLoader.parse(POLICY, "explain"), Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0}({1}) is {2}")
    @CsvSource(delimiter = '|', value = {
            "capped | 100                         | ALLOW",
            "capped | 100.0000000000000001        | DENY",
            "capped | 1.000000000000000000001e2   | DENY",
            "capped | 99.99999999999999999999     | ALLOW",
            "capped | 100.000                     | ALLOW",
            "capped | 1e2                         | ALLOW",
            "capped | 1E+400                      | DENY",
            "capped | -1e400                      | ALLOW",
            "capped | 1e-400                      | ALLOW",
            "capped | -0                          | ALLOW",
            "capped | -0.0                        | ALLOW",
            "capped | 9007199254740993            | DENY",
            "capped | 123456789012345678901234567890.5 | DENY",
            "exact  | 9007199254740993            | ALLOW",
            "exact  | 9007199254740992            | DENY",
            "exact  | 9007199254740993.0          | ALLOW",
            "exact  | 9007199254740993.0000000001 | DENY",
    })
    void theProxyAndExplainReadTheNumberTheSameWay(String tool, String number, Outcome expected) throws Exception {
        String arguments = "{\"n\": " + number + "}";
        Decision explained = explain.explain(new ToolCall(tool, JsonReading.read(arguments), null));

        JsonNode answer = JSON.readTree(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}").body());
        JsonNode decision = answer.path("result").path("_meta").path("dev.toolgate/decision");
        Outcome proxied = decision.isMissingNode() ? Outcome.ALLOW : Outcome.valueOf(decision.path("decision").asText().toUpperCase());

        assertThat(explained.outcome()).as("explain").isEqualTo(expected);
        assertThat(proxied).as("the proxy").isEqualTo(expected);
    }
}
