package dev.toolgate.proxy.transport;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTest {
    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void connectionHeadersStayBehindInAnyCaseAndEndToEndHeadersTravel() {
        HttpHeaders to = new DefaultHttpHeaders();
        HopByHop.copyRequest(headers("Host", "proxy:8080", "CONNECTION", "keep-alive", "Content-Length", "12", "TE", "trailers",
                "Upgrade", "h2c", "HTTP2-Settings", "AAMAAABkAAQ",
                "Mcp-Session-Id", "s-1", "Authorization", "Bearer k", "Accept", "text/event-stream"), to, false);
        assertThat(to.names()).containsExactlyInAnyOrder("Mcp-Session-Id", "Authorization", "Accept");

        HttpHeaders response = new DefaultHttpHeaders();
        HopByHop.copyResponse(headers("Transfer-Encoding", "chunked", "keep-alive", "timeout=5", "Content-Type", "text/event-stream"), response);
        assertThat(response.names()).containsExactly("Content-Type");
    }

    @Test
    void theProxysOwnCredentialIsDroppedWhenItConsumedIt() {
        HttpHeaders to = new DefaultHttpHeaders();
        HopByHop.copyRequest(headers("authorization", "Bearer k", "Mcp-Session-Id", "s-1"), to, true);
        assertThat(to.names()).containsExactly("Mcp-Session-Id");
    }
}
