package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy's own {@code notifications/elicitation/complete} joins a session's GET stream as a whole event even while
 * the upstream is half-way through one of its own: raw HTTP against a scripted upstream that holds an event open
 * across the approval, so both must arrive intact, neither cut into the other.
 */
class ElicitationCompleteFramingTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{\"url\":{}}},"
            + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    /** A whole event first: the proxy sends the response head with the first event it can relay. */
    private static final String UPSTREAM_FIRST = "event: message\ndata: {\"jsonrpc\":\"2.0\","
            + "\"method\":\"notifications/tools/list_changed\"}\n\n";
    private static final String UPSTREAM_EVENT_START = "event: message\ndata: {\"jsonrpc\":\"2.0\","
            + "\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"first half";
    private static final String UPSTREAM_EVENT_END = " second half\"}}\n\n";

    @Test
    void theNotificationIsAWholeEventBetweenTheUpstreamsEvents(@TempDir Path dir) throws Exception {
        AtomicReference<HttpServerResponse> stream = new AtomicReference<>();
        try (StubUpstream upstream = new StubUpstream((request, body) -> {
            if (request.method().name().equals("GET")) {
                request.response().putHeader("Content-Type", "text/event-stream").setChunked(true)
                        .write(UPSTREAM_FIRST + UPSTREAM_EVENT_START);
                stream.set(request.response());
            } else {
                request.response().putHeader("Mcp-Session-Id", "s-1");
                StubUpstream.json(request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"stub\",\"version\":\"1\"}}}");
            }
        })) {
            ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"),
                    "keys:\n  - {token: bob-admin-token, identity: bob}\n"));
            try (ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), ApprovalEndToEndTest.POLICY, options -> { },
                    ApprovalOptions.decidedBy(admins))) {
                assertThat(proxy.post(INITIALIZE).headers().firstValue("Mcp-Session-Id")).hasValue("s-1");
                HttpResponse<InputStream> events = ProxyFixture.HTTP_CLIENT.send(HttpRequest.newBuilder(proxy.mcpUri())
                        .header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-1")
                        .header("MCP-Protocol-Version", "2025-11-25").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server.openStreams() == 1);

                JsonNode pending = JsonRpcParser.MAPPER.readTree(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"run_workflow\",\"arguments\":{\"name\":\"prod\"}}}",
                        "Mcp-Session-Id", "s-1", "MCP-Protocol-Version", "2025-11-25").body());
                assertThat(pending.at("/error/code").asInt()).isEqualTo(-32042);
                String id = pending.at("/error/data/elicitations/0/elicitationId").asText();

                HttpResponse<String> approved = ProxyFixture.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + proxy.server.adminPort() + "/approvals/" + id + "/approve"))
                        .header("Authorization", "Bearer bob-admin-token").POST(HttpRequest.BodyPublishers.noBody()).build());
                assertThat(approved.statusCode()).isEqualTo(200);
                String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/elicitation/complete\","
                        + "\"params\":{\"elicitationId\":\"" + id + "\"}}";
                StringBuilder seen = new StringBuilder();
                readUntil(events.body(), seen, notification);
                stream.get().write(UPSTREAM_EVENT_END);
                readUntil(events.body(), seen, UPSTREAM_EVENT_END);

                List<String> whole = Arrays.stream(seen.toString().split("\n\n"))
                        .filter(event -> !event.startsWith(":")).toList();
                assertThat(whole).containsExactly(UPSTREAM_FIRST.strip(), "event: message\ndata: " + notification,
                        (UPSTREAM_EVENT_START + UPSTREAM_EVENT_END).strip());
                events.body().close();
            }
        }
    }

    private static void readUntil(InputStream in, StringBuilder seen, String wanted) throws Exception {
        byte[] chunk = new byte[512];
        while (!seen.toString().contains(wanted)) {
            int read = in.read(chunk);
            assertThat(read).as("the stream ended before " + wanted).isPositive();
            seen.append(new String(chunk, 0, read, StandardCharsets.UTF_8));
        }
    }
}
