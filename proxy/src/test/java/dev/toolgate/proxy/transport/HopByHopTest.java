package dev.toolgate.proxy.transport;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTest {
    private static MultiMap headers(String... namesAndValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void connectionHeadersStayBehindInAnyCaseAndEndToEndHeadersTravel() {
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copyRequest(headers("Host", "proxy:8080", "CONNECTION", "keep-alive", "Content-Length", "12", "TE", "trailers",
                "Mcp-Session-Id", "s-1", "Authorization", "Bearer k", "Accept", "text/event-stream"), to, false);
        assertThat(to.names()).containsExactlyInAnyOrder("Mcp-Session-Id", "Authorization", "Accept");

        MultiMap response = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copyResponse(headers("Transfer-Encoding", "chunked", "keep-alive", "timeout=5", "Content-Type", "text/event-stream"), response);
        assertThat(response.names()).containsExactly("Content-Type");
    }

    @Test
    void theProxysOwnCredentialIsDroppedWhenItConsumedIt() {
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copyRequest(headers("authorization", "Bearer k", "Mcp-Session-Id", "s-1"), to, true);
        assertThat(to.names()).containsExactly("Mcp-Session-Id");
    }
}
