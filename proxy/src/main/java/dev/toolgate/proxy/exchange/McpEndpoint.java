package dev.toolgate.proxy.exchange;

import dev.toolgate.proxy.ProxyServices;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.forward.ResponseRelay;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.session.SessionGate;
import dev.toolgate.proxy.transport.ClientRequest;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.HeadRules;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.Transport;
import dev.toolgate.proxy.transport.UpstreamClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The MCP endpoint on one event loop: {@code /mcp} with POST (messages), GET (the server's SSE stream) and DELETE
 * (end a session). Every request passes the head checks (no ambiguous headers), the transport checks (DNS
 * rebinding), authentication and the session check (a session belongs to the identity that opened it) first; a POST
 * body is read up to the size limit within the request timeout and handed to a {@link PostExchange}. Its upstream
 * connections, deadlines and relayed streams belong to its event loop: use it only there.
 */
public final class McpEndpoint implements Consumer<ClientRequest>, AutoCloseable {
    public static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final ProxyServices services;
    private final UpstreamClient upstream;
    private final ResponseRelay relay;
    private final Deadlines deadlines;
    private final SessionGate sessionGate;

    public McpEndpoint(EventLoop loop, Transport transport, ProxyServices services) {
        this.services = services;
        ProxyOptions options = services.options();
        this.upstream = new UpstreamClient(loop, transport, options);
        this.deadlines = new Deadlines(loop, Stream.of(options.requestTimeout(), options.upstreamResponseTimeout(),
                options.idleTimeout(), options.headTimeout()).min(Duration::compareTo).orElseThrow());
        this.sessionGate = new SessionGate(services.sessions(), options.apiKeys() != null);
        this.relay = new ResponseRelay(loop, deadlines, options.idleTimeout(), options.maxResponseBytes());
    }

    @Override
    public void accept(ClientRequest request) {
        long start = System.nanoTime();
        Optional<String> ambiguous = HeadRules.problem(request);
        if (ambiguous.isPresent()) {
            drainThen(request, () -> Replies.errorAndClose(request, 400, JsonRpcErrors.INVALID_REQUEST,
                    "Bad Request: " + ambiguous.get()));
            return;
        }
        if (!PATH.equals(request.path())) {
            drainThen(request, () -> Replies.error(request.response(), 404, null, JsonRpcErrors.INVALID_REQUEST,
                    "Not found: the MCP endpoint is " + PATH));
            return;
        }
        Optional<String> refused = services.guard().check(request.getHeader(HttpHeaderNames.ORIGIN), request.host());
        if (refused.isPresent()) {
            drainThen(request, () -> Replies.error(request.response(), 403, null, JsonRpcErrors.INVALID_REQUEST,
                    "Forbidden: " + refused.get()));
            return;
        }
        Optional<Caller> caller = authenticate(request);
        if (caller.isEmpty()) {
            request.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE,
                    "Bearer realm=\"toolgate\", error=\"invalid_token\", error_description=\"a valid API key is required\"");
            drainThen(request, () -> Replies.error(request.response(), 401, null, JsonRpcErrors.INVALID_REQUEST,
                    "Unauthorized: send Authorization: Bearer <API key>"));
            return;
        }
        Optional<SessionGate.Refusal> noSession = sessionGate.check(request.getHeader(SESSION_HEADER),
                caller.get().identity());
        if (noSession.isPresent()) {
            drainThen(request, () -> Replies.error(request.response(), noSession.get().status(), null,
                    JsonRpcErrors.INVALID_REQUEST, noSession.get().message()));
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST)) {
            new PostExchange(deadlines, services, upstream, relay, request, caller.get(), start).start();
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.DELETE)) {
            new StreamExchange(deadlines, services, upstream, relay, request, caller.get()).start();
        } else {
            request.response().putHeader(HttpHeaderNames.ALLOW, "GET, POST, DELETE");
            drainThen(request, () -> Replies.error(request.response(), 405, null, JsonRpcErrors.INVALID_REQUEST,
                    "Method not allowed: " + method));
        }
    }

    private Optional<Caller> authenticate(ClientRequest request) {
        String session = request.getHeader(SESSION_HEADER);
        if (services.options().apiKeys() == null) {
            return Optional.of(new Caller(null, (String) null, session));
        }
        Optional<ApiKey> key = services.options().apiKeys().authenticate(request.getHeader(HttpHeaderNames.AUTHORIZATION));
        return key.map(k -> new Caller(k.identity(), k.grant(), session));
    }

    /** Answers once a small body has been read, or at once (closing) when it is large; never buffers it. */
    private void drainThen(ClientRequest request, Runnable answer) {
        if (request.isEnded()) {
            answer.run();
            return;
        }
        Runnable answerAndClose = () -> {
            // answered without reading on: the connection closes once the answer is written
            request.response().putHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            answer.run();
        };
        // a body trickled in slowly holds the connection no longer than one the proxy reads
        Deadlines.Deadline deadline = deadlines.arm(services.options().requestTimeout(), answerAndClose);
        request.response().closeHandler(deadline::cancel);
        long[] seen = {0};
        request.handler((ByteBuf chunk) -> {
            seen[0] += chunk.readableBytes();
            if (seen[0] > 64 * 1024 && !request.response().ended()) {
                deadline.cancel();
                answerAndClose.run();
            }
        });
        request.endHandler(() -> {
            deadline.cancel();
            answer.run();
        });
    }

    /** The event loop's deadlines, which the connections it serves time their heads with. */
    public Deadlines deadlines() {
        return deadlines;
    }

    @Override
    public void close() {
        relay.close();
        deadlines.close();
        upstream.close();
    }
}
