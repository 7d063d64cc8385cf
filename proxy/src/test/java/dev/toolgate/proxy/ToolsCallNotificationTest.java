package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.decide.CallDecider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code tools/call} without an id is never forwarded, whether the policy would allow the tool or not (a server
 * that runs notifications would run it undecided), and each one is audited; the rest of a batch goes on.
 */
class ToolsCallNotificationTest extends StubUpstreamTest {
    private static final String ALLOWED = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\",\"arguments\":{\"name\":\"a\"}}}";
    private static final String DENIED = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"delete_workflow\",\"arguments\":{\"id\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    @BeforeEach
    void startProxy() throws Exception {
        startAnswering("[{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}]", TestPolicies.ONE_RUN_PER_MINUTE);
    }

    @Test
    void aToolsCallNotificationIsRefusedAndAuditedWhetherItsToolIsAllowedOrDenied() throws Exception {
        for (String notification : List.of(ALLOWED, DENIED)) {
            HttpResponse<String> response = proxy.post(notification);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(error.at("/error/message").asText()).isEqualTo(CallDecider.NOTIFICATION_REFUSED);
        }

        assertThat(upstream.bodies).isEmpty();
        await().until(() -> proxy.audit.records.size() == 2);
        assertRefusedNotification(proxy.audit.records.get(0), "run_workflow");
        assertRefusedNotification(proxy.audit.records.get(1), "delete_workflow");
    }

    @Test
    void inABatchTheNotificationsAreDroppedAndTheRestGoesOn() throws Exception {
        HttpResponse<String> response = proxy.post("[" + ALLOWED + "," + PING + "," + DENIED + "]");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answers = JSON.readTree(response.body());
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).get("id").asInt()).isEqualTo(7);
        assertThat(upstream.bodies).hasSize(1);
        JsonNode forwarded = JSON.readTree(upstream.bodies.get(0));
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).get("method").asText()).isEqualTo("ping");
        await().until(() -> proxy.audit.records.size() == 2);
        assertThat(proxy.audit.records).extracting(AuditRecord::tool).containsExactly("run_workflow", "delete_workflow");
    }

    private static void assertRefusedNotification(AuditRecord record, String tool) {
        assertThat(record.tool()).isEqualTo(tool);
        assertThat(record.decision()).isEqualTo(Outcome.DENY);
        assertThat(record.rule()).isEqualTo(CallDecider.NOTIFICATION_RULE);
        assertThat(record.reason()).contains("notification");
        assertThat(record.upstreamStatus()).isNull();
    }
}
