package dev.toolgate.proxy.exchange;

import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.ProxyServices;
import dev.toolgate.proxy.forward.ResponseInspector;
import dev.toolgate.proxy.forward.ResponseRelay;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.transport.ClientRequest;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.UpstreamClient;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * GET (the session's server-to-client SSE stream, resumable with {@code Last-Event-ID}) and DELETE (ending a
 * session), passed through. A GET stream is relayed event by event; any {@code tools/list} result on it (a replay
 * after a broken POST stream) is filtered like on a POST. The proxy can add events of its own to an open GET stream
 * ({@link dev.toolgate.proxy.session.SessionTracker#send}).
 */
final class StreamExchange {
    private final Deadlines deadlines;
    private final ProxyServices services;
    private final UpstreamClient upstream;
    private final ResponseRelay relay;
    private final ClientRequest request;
    private final Caller caller;

    StreamExchange(Deadlines deadlines, ProxyServices services, UpstreamClient upstream, ResponseRelay relay,
                   ClientRequest request, Caller caller) {
        this.deadlines = deadlines;
        this.services = services;
        this.upstream = upstream;
        this.relay = relay;
        this.request = request;
        this.caller = caller;
    }

    void start() {
        HttpMethod method = request.method();
        String session = request.getHeader(McpEndpoint.SESSION_HEADER);
        new UpstreamCall(deadlines, upstream, request, services.metrics(),
                services.options().upstreamResponseTimeout())
                .send(method, null, services.options().dropsClientAuthorization(), () -> { }, in -> {
                    boolean ok = in.statusCode() / 100 == 2;
                    if (method.equals(HttpMethod.DELETE) && ok || in.statusCode() == 404) {
                        services.sessions().ended(session);
                    } else if (ok) {
                        services.sessions().accepted(session, caller.identity());
                    }
                    if (method.equals(HttpMethod.GET) && ok && ResponseRelay.isEventStream(in)) {
                        ResponseInspector inspector = new ResponseInspector(services.filters().apply(caller), services.decider().pending(List.of()), List.of());
                        // the proxy's own notifications (notifications/elicitation/complete) join the stream as events
                        AtomicReference<Consumer<String>> sink = new AtomicReference<>();
                        sink.set(relay.relayEvents(in, request.response(), inspector, List.of(),
                                () -> services.sessions().streamClosed(session, sink.get())));
                        services.sessions().streamOpened(session, sink.get());
                    } else {
                        relay.relayRaw(in, request.response());
                    }
                }, failure -> Replies.error(request.response(), 502, null, JsonRpcErrors.INTERNAL_ERROR,
                        "Upstream MCP server unavailable: " + failure));
    }
}
