package dev.toolgate.proxy;

import dev.toolgate.proxy.source.PolicySource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** With no policy in force the proxy denies every call, lists no tool and reports not ready. */
class FailClosedTest {
    /** A source that never delivers, like a ConfigMap that does not exist yet. */
    private static final class SilentSource implements PolicySource {
        @Override
        public void start(Listener listener) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noPolicyMeansEveryCallIsDeniedAndNothingListed() throws Exception {
        try (StubUpstream upstream = new StubUpstream((request, body) -> StubUpstream.json(request,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"run_workflow\",\"inputSchema\":{}}]}}"));
             ProxyServer server = ProxyServer.start(ProxyOptions.builder(upstream.uri()).port(0).adminPort(0).build(), new SilentSource())) {
            var admin = "http://127.0.0.1:" + server.adminPort();
            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create(admin + "/readyz")).build()).statusCode()).isEqualTo(503);
            assertThat(ProxyFixture.send(HttpRequest.newBuilder(URI.create(admin + "/healthz")).build()).statusCode()).isEqualTo(200);

            var call = ProxyFixture.send(HttpRequest.newBuilder(server.mcpUri()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"run_workflow\"}}")).build());
            assertThat(call.body()).contains("\"isError\":true", "toolgate/no-policy");
            var list = ProxyFixture.send(HttpRequest.newBuilder(server.mcpUri()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build());
            assertThat(list.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
            assertThat(upstream.bodies).hasSize(1);
        }
    }
}
