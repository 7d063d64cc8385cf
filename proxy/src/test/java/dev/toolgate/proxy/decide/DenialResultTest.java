package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DenialResultTest {
    @Test
    void aRateLimitBecomesAToolErrorResultWithRetryAfter() {
        var response = DenialResult.response(TextNode.valueOf("r-1"),
                new Decision(Outcome.RATE_LIMITED, "run_workflow", "run_workflow_rate", "10 per minute", 42L, null));

        assertThat(response.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"content\":[{\"type\":\"text\","
                + "\"text\":\"Denied by policy: 10 per minute\"}],\"isError\":true,\"_meta\":{\"dev.toolgate/decision\":"
                + "{\"decision\":\"rate_limited\",\"rule\":\"run_workflow_rate\",\"tool\":\"run_workflow\",\"retryAfterSeconds\":42}}}}");
    }

    @Test
    void aDenialWithoutReasonNamesTheRule() {
        var response = DenialResult.response(TextNode.valueOf("1"),
                new Decision(Outcome.REQUIRE_APPROVAL, "deploy", "prod needs approval", "", null, null));

        assertThat(response.at("/result/content/0/text").asText()).isEqualTo("Denied by policy: rule prod needs approval refuses deploy");
        assertThat(response.at("/result/_meta/dev.toolgate~1decision/decision").asText()).isEqualTo("require_approval");
        assertThat(response.at("/result/_meta/dev.toolgate~1decision").has("retryAfterSeconds")).isFalse();
    }
}
