package dev.toolgate.proxy;

import dev.toolgate.demo.DemoMcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET (the server's SSE stream) and DELETE pass through with the session headers, both ways. */
class StreamPassThroughTest {
    private static final String INIT = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"raw","version":"1"}}}""";

    @Test
    void sessionIdAndProtocolVersionTravelBothWaysAndDeleteEndsTheSession(@TempDir Path dir) throws Exception {
        try (DemoMcpServer demo = DemoMcpServer.start(0); ProxyFixture proxy = ProxyFixture.demo(dir, demo)) {
            HttpResponse<String> init = proxy.post(INIT);
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertThat(init.body()).contains("\"protocolVersion\":\"2025-06-18\"");
            assertThat(proxy.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18").statusCode()).isEqualTo(202);

            assertThat(proxy.server.openSessions()).isEqualTo(1);

            HttpResponse<String> deleted = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri())
                    .header("Mcp-Session-Id", session).DELETE().build());
            assertThat(deleted.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.openSessions() == 0);

            HttpResponse<String> afterDelete = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
                    "Mcp-Session-Id", session);
            assertThat(afterDelete.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aGetStreamIsRelayedAsItFlowsAndCancelledUpstreamWhenTheClientLeaves(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> request.response()
                .putHeader("Content-Type", "text/event-stream").setChunked(true)
                .write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"));
             ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.demo())) {
            HttpResponse<InputStream> stream = ProxyFixture.HTTP_CLIENT.send(HttpRequest.newBuilder(proxy.mcpUri())
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-9").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            byte[] first = new byte[200];
            int read = stream.body().read(first);
            assertThat(new String(first, 0, read, StandardCharsets.UTF_8)).contains("notifications/tools/list_changed");
            assertThat(proxy.server.openSessions()).isEqualTo(1);

            stream.body().close();
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedConnections.get() == 1);
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveCommentsBetweenEvents(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> request.response()
                .putHeader("Content-Type", "text/event-stream").setChunked(true)
                .write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"));
             ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.demo(),
                     options -> options.idleTimeout(Duration.ofMillis(400)))) {
            HttpResponse<InputStream> stream = ProxyFixture.HTTP_CLIENT.send(HttpRequest.newBuilder(proxy.mcpUri())
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-9").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            // the upstream says nothing after its first event; the proxy fills the silence with SSE comments
            StringBuilder seen = new StringBuilder();
            byte[] chunk = new byte[256];
            while (!seen.toString().contains(": keep-alive\n\n")) {
                int read = stream.body().read(chunk);
                assertThat(read).isPositive();
                seen.append(new String(chunk, 0, read, StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n");
            stream.body().close();
        }
    }

    @Test
    void lastEventIdIsForwardedAndAReplayedToolsListIsFiltered(@TempDir Path dir) throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> {
            String replay = "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"tools\":[{\"name\":\"delete_workflow\",\"inputSchema\":{}},"
                    + "{\"name\":\"list_workflows\",\"inputSchema\":{}}]}}";
            request.response().putHeader("Content-Type", "text/event-stream").putHeader("Mcp-Session-Id", "s-1")
                    .end("id: 43\nevent: message\ndata: " + replay + "\n\n");
        }); ProxyFixture proxy = new ProxyFixture(dir, upstream.uri(), TestPolicies.demo())) {
            HttpResponse<String> resumed = ProxyFixture.send(HttpRequest.newBuilder(proxy.mcpUri())
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-1").header("Last-Event-ID", "42")
                    .GET().build());

            assertThat(upstream.requests.get(0).getHeader("Last-Event-ID")).isEqualTo("42");
            assertThat(upstream.requests.get(0).getHeader("Mcp-Session-Id")).isEqualTo("s-1");
            assertThat(resumed.headers().firstValue("Mcp-Session-Id")).hasValue("s-1");
            assertThat(new String(resumed.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .startsWith("id: 43\nevent: message\ndata: ")
                    .contains("list_workflows").doesNotContain("delete_workflow");
        }
    }
}
