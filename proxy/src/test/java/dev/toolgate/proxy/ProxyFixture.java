package dev.toolgate.proxy;

import dev.toolgate.policy.FakeClock;
import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.source.FilePolicySource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A proxy on an ephemeral port in front of a given upstream, with a policy file in a temp dir, a fake clock,
 * a recording audit sink and a Prometheus registry; plus clients to talk to it.
 */
final class ProxyFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-01-05T10:00:05Z");
    /** An {@code initialize} request as raw JSON, for tests that open sessions without an SDK client. */
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final FakeClock clock = new FakeClock(START);
    final RecordingSink audit = new RecordingSink();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Path policyFile;
    final ProxyServer server;

    ProxyFixture(Path dir, URI upstream, String policy) throws Exception {
        this(dir, upstream, policy, options -> { });
    }

    ProxyFixture(Path dir, URI upstream, String policy, Consumer<ProxyOptions.Builder> customize) throws Exception {
        this(dir, upstream, policy, customize, ApprovalOptions.OFF);
    }

    ProxyFixture(Path dir, URI upstream, String policy, Consumer<ProxyOptions.Builder> customize,
                 ApprovalOptions approvals) throws Exception {
        policyFile = dir.resolve("policy.yaml");
        Files.writeString(policyFile, policy);
        ProxyOptions.Builder options = ProxyOptions.builder(upstream)
                .port(0).adminPort(0).clock(clock).sink(audit).registry(registry).eventLoops(1);
        customize.accept(options);
        server = ProxyServer.start(options.build(), new FilePolicySource(policyFile, Duration.ofMillis(50)), approvals);
    }

    static ProxyFixture demo(Path dir, DemoMcpServer demo) throws Exception {
        return new ProxyFixture(dir, demo.mcpUri(), TestPolicies.demo());
    }

    URI mcpUri() {
        return server.mcpUri();
    }

    McpSyncClient mcpClient() {
        return mcpClient(builder -> { });
    }

    McpSyncClient mcpClient(Consumer<HttpClientStreamableHttpTransport.Builder> customize) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.port()).endpoint("/mcp");
        customize.accept(transport);
        McpSyncClient client = McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
        return client;
    }

    /** A raw POST of a JSON body to the proxy, with extra headers as name/value pairs. */
    HttpResponse<String> post(String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcpUri())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /**
     * Sends and reads the whole response. The request's own timeout only covers the wait for the headers, so a
     * streamed body that never ends would hang the test; this bounds the whole exchange.
     */
    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return HTTP_CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no complete response within 15 s: " + request.uri());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    String metrics() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics")).build()).body();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
