package dev.toolgate.proxy;

import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.forward.ResponseRelay;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.UpstreamClient;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The MCP endpoint on one event loop: {@code /mcp} with POST (messages), GET (the server's SSE stream) and DELETE
 * (end a session). Every request passes the transport checks (DNS rebinding) and authentication first; a POST body
 * is read up to the size limit within the request timeout and handed to a {@link PostExchange}.
 */
final class McpEndpoint implements Handler<HttpServerRequest> {
    static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final ProxyServices services;
    private final UpstreamClient upstream;
    private final ResponseRelay relay;
    private final Deadlines deadlines;

    McpEndpoint(Vertx vertx, ProxyServices services) {
        this.services = services;
        ProxyOptions options = services.options();
        this.upstream = new UpstreamClient(vertx, options);
        this.deadlines = new Deadlines(vertx, Stream.of(options.requestTimeout(), options.upstreamResponseTimeout(),
                options.idleTimeout()).min(Duration::compareTo).orElseThrow());
        this.relay = new ResponseRelay(vertx, deadlines, options.idleTimeout(), options.maxResponseBytes());
    }

    @Override
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        if (!PATH.equals(request.path())) {
            drainThen(request, () -> Replies.error(request.response(), 404, null, JsonRpcErrors.INVALID_REQUEST,
                    "Not found: the MCP endpoint is " + PATH));
            return;
        }
        Optional<String> refused = services.guard().check(request.getHeader(HttpHeaders.ORIGIN), request.host());
        if (refused.isPresent()) {
            drainThen(request, () -> Replies.error(request.response(), 403, null, JsonRpcErrors.INVALID_REQUEST,
                    "Forbidden: " + refused.get()));
            return;
        }
        Optional<Caller> caller = authenticate(request);
        if (caller.isEmpty()) {
            request.response().putHeader("WWW-Authenticate",
                    "Bearer realm=\"toolgate\", error=\"invalid_token\", error_description=\"a valid API key is required\"");
            drainThen(request, () -> Replies.error(request.response(), 401, null, JsonRpcErrors.INVALID_REQUEST,
                    "Unauthorized: send Authorization: Bearer <API key>"));
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST)) {
            new PostExchange(deadlines, services, upstream, relay, request, caller.get(), start).start();
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.DELETE)) {
            new StreamExchange(deadlines, services, upstream, relay, request).start();
        } else {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE");
            drainThen(request, () -> Replies.error(request.response(), 405, null, JsonRpcErrors.INVALID_REQUEST,
                    "Method not allowed: " + method));
        }
    }

    private Optional<Caller> authenticate(HttpServerRequest request) {
        String session = request.getHeader(SESSION_HEADER);
        if (services.options().apiKeys() == null) {
            return Optional.of(new Caller(null, null, session));
        }
        Optional<ApiKey> key = services.options().apiKeys().authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        return key.map(k -> new Caller(k.identity(), k.grant(), session));
    }

    /** Answers once a small body has been read, or at once (closing) when it is large; never buffers it. */
    private void drainThen(HttpServerRequest request, Runnable answer) {
        if (request.isEnded()) {
            answer.run();
            return;
        }
        long[] seen = {0};
        request.handler((Buffer chunk) -> {
            seen[0] += chunk.length();
            if (seen[0] > 64 * 1024 && !request.response().ended()) {
                request.response().putHeader(HttpHeaders.CONNECTION, "close");
                answer.run();
                request.connection().close();
            }
        });
        request.endHandler(v -> answer.run());
        request.exceptionHandler(e -> request.connection().close());
    }

    void close() {
        relay.close();
        deadlines.close();
        upstream.close();
    }
}
