package dev.toolgate.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The few MCP exchanges the load run needs, as plain HTTP/1.1 on the JDK client. */
final class McpHttp {
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"list_workflows\",\"arguments\":{}}}";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"toolgate-load\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private final HttpClient client;
    private final URI endpoint;
    private final String authorization;

    McpHttp(HttpClient client, URI endpoint) {
        this(client, endpoint, null);
    }

    /** @param authorization the {@code Authorization} header every request carries, or null for none */
    McpHttp(HttpClient client, URI endpoint, String authorization) {
        this.client = client;
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpRequest.Builder request(String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, text/event-stream");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return builder;
    }

    /** Opens a session: initialize, then the initialized notification; returns the session id. */
    String initialize() throws IOException, InterruptedException {
        HttpResponse<String> init = client.send(request(null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IOException("initialize answered " + init.statusCode() + " without a session"));
        post(session, INITIALIZED);
        return session;
    }

    /** POSTs a message and returns the whole response body (a JSON body or the SSE stream to its end). */
    String post(String session, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request(session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Initializes a session and opens its GET stream; completes once the stream's headers arrived (it stays open). */
    CompletableFuture<HttpResponse<InputStream>> openSession() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return initialize();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).thenCompose(session -> client.sendAsync(request(session).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }
}
