package dev.toolgate.proxy.exchange;

import dev.toolgate.admin.AcceptHeader;
import dev.toolgate.proxy.ProxyServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.admin.AcceptHeader;
import dev.toolgate.policy.Caller;
import dev.toolgate.proxy.approval.ClientContext;
import dev.toolgate.proxy.decide.CallDecider;
import dev.toolgate.proxy.decide.DecisionPlan;
import dev.toolgate.proxy.decide.PendingCalls;
import dev.toolgate.proxy.forward.ResponseInspector;
import dev.toolgate.proxy.forward.ResponseRelay;
import dev.toolgate.proxy.hold.HeldCalls;
import dev.toolgate.proxy.hold.HoldOpen;
import dev.toolgate.proxy.jsonrpc.JsonRpcBody;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcException;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;
import dev.toolgate.proxy.jsonrpc.StandardHeaders;
import dev.toolgate.proxy.transport.ClientRequest;
import dev.toolgate.proxy.transport.ClientResponse;
import dev.toolgate.proxy.transport.ContentCodings;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.MediaTypeCharset;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.UpstreamClient;
import dev.toolgate.proxy.transport.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One POST through the pipeline: read (size limit, timeout) → parse → check the 2026-07-28 headers → decide →
 * answer refused calls / forward the rest → filter and settle what comes back (audit happens as calls settle). A
 * single call waiting for approval may be held open instead ({@link HeldCall}) and decided again once a person decides.
 */
final class PostExchange {
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    private static final String INITIALIZE = "initialize";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostExchange.class);

    private final EventLoop loop;
    private final Deadlines deadlines;
    private final ProxyServices services;
    private final UpstreamClient upstream;
    private final ResponseRelay relay;
    private final ClientRequest request;
    private final ClientResponse response;
    private final Caller caller;
    private final String tokenRef;
    private final long startNanos;

    PostExchange(EventLoop loop, Deadlines deadlines, ProxyServices services, UpstreamClient upstream, ResponseRelay relay,
                 ClientRequest request, Caller caller, String tokenRef, long startNanos) {
        this.loop = loop;
        this.deadlines = deadlines;
        this.services = services;
        this.upstream = upstream;
        this.relay = relay;
        this.request = request;
        this.response = request.response();
        this.caller = caller;
        this.tokenRef = tokenRef;
        this.startNanos = startNanos;
    }

    void start() {
        String type = request.getHeader(HttpHeaderNames.CONTENT_TYPE);
        if (!isJson(type)) {
            Replies.errorAndClose(request, 415, JsonRpcErrors.INVALID_REQUEST,
                    "Unsupported Media Type: POST a JSON-RPC message with Content-Type: application/json");
            return;
        }
        if (!MediaTypeCharset.isUtf8OrAbsent(type)) {
            Replies.errorAndClose(request, 415, JsonRpcErrors.INVALID_REQUEST,
                    "Unsupported Media Type: send the body as UTF-8 JSON");
            return;
        }
        if (!ContentCodings.isIdentity(request.getHeader(HttpHeaderNames.CONTENT_ENCODING))) {
            // the proxy decides on the bytes it reads; a coded body would be decided on one reading and run on another
            Replies.errorAndClose(request, 415, JsonRpcErrors.INVALID_REQUEST,
                    "Unsupported Media Type: send the body without Content-Encoding");
            return;
        }
        long max = services.options().maxBodyBytes();
        String declared = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long length = declared == null ? -1 : parseLength(declared);
        if (length > max) {
            tooLarge(max);
            return;
        }
        if (request.expectsContinue()) {
            response.continueNow();
        }
        ByteBuf body = Unpooled.buffer(length > 0 ? (int) length : 256);
        Deadlines.Deadline deadline = deadlines.arm(services.options().requestTimeout(), () ->
                Replies.errorAndClose(request, 408, JsonRpcErrors.INVALID_REQUEST,
                        "Request Timeout: the body did not arrive within " + Durations.readable(services.options().requestTimeout())));
        request.handler(chunk -> {
            if (response.ended()) {
                return;
            }
            if (body.readableBytes() + chunk.readableBytes() > max) {
                deadline.cancel();
                tooLarge(max);
                return;
            }
            body.writeBytes(chunk);
        });
        response.closeHandler(deadline::cancel);
        request.endHandler(() -> {
            deadline.cancel();
            if (!response.ended() && !response.closed()) {
                try {
                    process(body);
                } catch (RuntimeException e) {
                    // fail closed: nothing that was not forwarded yet is forwarded now, and the client gets an answer
                    LOG.error("proxy failure handling a POST; answering with an error", e);
                    Replies.error(response, 500, null, JsonRpcErrors.INTERNAL_ERROR, "Internal proxy error");
                }
            }
        });
    }

    /** {@code application/json}, any case, with or without parameters such as {@code ; charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.strip();
        int end = type.indexOf(';');
        String mediaType = (end < 0 ? type : type.substring(0, end)).strip();
        return mediaType.equalsIgnoreCase(Replies.APPLICATION_JSON);
    }

    private void tooLarge(long max) {
        Replies.errorAndClose(request, 413, JsonRpcErrors.INVALID_REQUEST,
                "Payload Too Large: the limit is " + max + " bytes");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void process(ByteBuf raw) {
        JsonRpcBody body;
        try {
            body = services.parser().parse(raw.array(), raw.arrayOffset() + raw.readerIndex(), raw.readableBytes());
        } catch (JsonRpcException e) {
            Replies.error(response, e.httpStatus(), null, e.code(), e.getMessage());
            return;
        }
        if (StandardHeaders.applies(request.getHeader(PROTOCOL_VERSION_HEADER))) {
            Optional<String> mismatch = StandardHeaders.mismatch(request.getHeader(StandardHeaders.METHOD_HEADER),
                    request.getHeader(StandardHeaders.NAME_HEADER), body);
            if (mismatch.isPresent()) {
                JsonNode id = body.batch() ? null : body.messages().get(0).id();
                Replies.error(response, 400, id, JsonRpcErrors.HEADER_MISMATCH, mismatch.get());
                return;
            }
        }
        if (request.getHeader(McpEndpoint.SESSION_HEADER) == null && services.sessions().full()
                && body.messages().stream().anyMatch(m -> m.isRequest(INITIALIZE))) {
            // at the cap no session is evicted: a new one is refused until one ends or expires
            response.putHeader(HttpHeaderNames.RETRY_AFTER, "60");
            Replies.error(response, 503, null, JsonRpcErrors.INVALID_REQUEST, "Service Unavailable: too many open sessions");
            return;
        }
        String session = request.getHeader(McpEndpoint.SESSION_HEADER);
        ClientContext client = new ClientContext(request.getHeader(PROTOCOL_VERSION_HEADER),
                services.sessions().declaresUrlElicitation(session), loop, () -> response.ended() || response.closed());
        CompletableFuture<DecisionPlan> decided = services.decider().decideAsync(body, caller, tokenRef, startNanos, client)
                .toCompletableFuture();
        if (decided.isDone()) {
            answer(body, decided.join(), raw);
            return;
        }
        // a shared counter store answers on its connection's loop: the exchange goes on on its own (at once when
        // that is the same loop, saving a wake-up)
        decided.whenComplete((plan, failure) -> {
            if (loop.inEventLoop()) {
                resume(body, plan, failure, raw);
            } else {
                loop.execute(() -> resume(body, plan, failure, raw));
            }
        });
    }

    private void resume(JsonRpcBody body, DecisionPlan plan, Throwable failure, ByteBuf raw) {
        if (failure != null) {
            LOG.error("proxy failure deciding a POST; answering with an error", failure);
            Replies.error(response, 500, null, JsonRpcErrors.INTERNAL_ERROR, "Internal proxy error");
            return;
        }
        if (response.ended() || response.closed()) {
            // the client left while the store answered: nothing was sent upstream, so nothing counts
            services.decider().pending(plan.allowed()).abandon(false, null);
            return;
        }
        try {
            answer(body, plan, raw);
        } catch (RuntimeException e) {
            LOG.error("proxy failure handling a POST; answering with an error", e);
            Replies.error(response, 500, null, JsonRpcErrors.INTERNAL_ERROR, "Internal proxy error");
        }
    }

    private void answer(JsonRpcBody body, DecisionPlan plan, ByteBuf raw) {
        if (plan.forwardsNothing() && plan.localResponses().isEmpty()) {
            // nothing but tools/call notifications, all refused: the client hears so, the audit has them
            Replies.error(response, 400, null, JsonRpcErrors.INVALID_REQUEST, CallDecider.NOTIFICATION_REFUSED);
            return;
        }
        if (plan.forwardsNothing()) {
            if (!body.batch() && held(body, plan, raw)) {
                return;
            }
            Replies.json(response, 200, body.batch() ? array(plan.localResponses()) : plan.localResponses().get(0));
            return;
        }
        forward(body, plan, raw, false);
    }

    /**
     * Holds a single call waiting for approval open (hold-open on, the client accepts an SSE answer, a place free);
     * false when it is answered at once instead. Once a person decides, the body is decided again, as the identical
     * retry would be, and answered on the stream.
     */
    private boolean held(JsonRpcBody body, DecisionPlan plan, ByteBuf raw) {
        HoldOpen hold = services.holdOpen();
        if (!hold.enabled() || plan.awaiting().size() != 1 || plan.localResponses().size() != 1
                || !AcceptHeader.of(request.headers().getAll(HttpHeaderNames.ACCEPT)).names(Replies.TEXT_EVENT_STREAM)) {
            return false;
        }
        Optional<HeldCalls.Place> place = hold.take(caller.identity());
        if (place.isEmpty()) {
            return false;
        }
        new HeldCall(loop, response, hold, place.get(), plan.awaiting().get(0), plan.localResponses().get(0),
                body.messages().get(0).params(), () -> decideHeldAgain(body, raw), services.options().idleTimeout()).start();
        return true;
    }

    private void decideHeldAgain(JsonRpcBody body, ByteBuf raw) {
        services.decider().decideAsync(body, caller, tokenRef, startNanos).whenComplete((plan, failure) -> {
            if (loop.inEventLoop()) {
                answerHeld(body, plan, failure, raw);
            } else {
                loop.execute(() -> answerHeld(body, plan, failure, raw));
            }
        });
    }

    /** A held call decided again: its answer, or the upstream's, as an event on the stream already open. */
    private void answerHeld(JsonRpcBody body, DecisionPlan plan, Throwable failure, ByteBuf raw) {
        JsonNode id = body.messages().get(0).id();
        if (failure != null) {
            LOG.error("proxy failure deciding a held call; answering with an error", failure);
            response.end(HeldCall.event(JsonRpcErrors.error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal proxy error")));
            return;
        }
        if (response.ended() || response.closed()) {
            services.decider().pending(plan.allowed()).abandon(false, null);
            return;
        }
        if (plan.forwardsNothing()) {
            response.end(HeldCall.event(plan.localResponses().isEmpty()
                    ? JsonRpcErrors.error(id, JsonRpcErrors.INVALID_REQUEST, CallDecider.NOTIFICATION_REFUSED)
                    : plan.localResponses().get(0)));
            return;
        }
        try {
            forward(body, plan, raw, true);
        } catch (RuntimeException e) {
            LOG.error("proxy failure forwarding a held call; answering with an error", e);
            response.end(HeldCall.event(JsonRpcErrors.error(id, JsonRpcErrors.INTERNAL_ERROR, "Internal proxy error")));
        }
    }

    /** @param held the client's response is already an SSE stream (a held call): the upstream's answer goes on it */
    private void forward(JsonRpcBody body, DecisionPlan plan, ByteBuf raw, boolean held) {
        ByteBuf outgoing = asReceived(body, plan) ? raw
                : Unpooled.wrappedBuffer(Replies.serialize(body.batch()
                ? array(plan.forward().stream().map(JsonRpcMessage::node).toList()) : plan.forward().get(0).node()));
        PendingCalls pending = services.decider().pending(plan.allowed());
        ResponseInspector inspector = new ResponseInspector(services.filters().apply(caller), pending, plan.forward().stream()
                .filter(m -> m.kind() == JsonRpcMessage.Kind.REQUEST).map(JsonRpcMessage::idKey).toList());
        boolean listsTools = plan.forward().stream().anyMatch(m -> m.isRequest(JsonRpcMessage.TOOLS_LIST));
        String session = request.getHeader(McpEndpoint.SESSION_HEADER);
        UpstreamCall call = new UpstreamCall(deadlines, upstream, request, services.metrics(), services.options().upstreamResponseTimeout());
        call.send(HttpMethod.POST, outgoing, services.options().dropsClientAuthorization(), () -> pending.abandon(call.sent(), null), in -> {
                    trackSession(in, session, body);
                    if (held) {
                        relay.relayAsEvents(in, response, inspector, body.messages().get(0).id());
                    } else if (ResponseRelay.isEventStream(in)) {
                        relay.relayEvents(in, response, inspector, plan.localResponses(), () -> { });
                    } else if (!pending.isEmpty() || listsTools || !plan.localResponses().isEmpty()) {
                        relay.relayJson(in, response, inspector, plan.localResponses(), body.batch());
                    } else {
                        relay.relayRaw(in, response);
                    }
                }, failure -> {
                    pending.abandon(call.sent(), null);
                    if (held) {
                        response.end(HeldCall.event(JsonRpcErrors.error(body.messages().get(0).id(),
                                JsonRpcErrors.INTERNAL_ERROR, "Upstream MCP server unavailable: " + failure)));
                    } else {
                        unavailable(plan, body.batch(), failure);
                    }
                });
    }

    /** Every message goes upstream exactly as the client sent it: the body's own bytes can be forwarded. */
    private static boolean asReceived(JsonRpcBody body, DecisionPlan plan) {
        if (plan.forward().size() != body.messages().size()) {
            return false;
        }
        for (int i = 0; i < plan.forward().size(); i++) {
            if (plan.forward().get(i) != body.messages().get(i)) {
                return false; // the decide stage rewrote it (the proxy's own MRTR input removed)
            }
        }
        return true;
    }

    private void trackSession(UpstreamResponse in, String requestSession, JsonRpcBody body) {
        String issued = in.getHeader(McpEndpoint.SESSION_HEADER);
        if (issued != null) {
            services.sessions().accepted(issued, caller.identity());
            // what the client declared decides how the proxy answers its calls needing approval (MCP 2025-11-25)
            body.messages().stream().filter(m -> m.isRequest(INITIALIZE)).findFirst().ifPresent(init ->
                    services.sessions().declared(issued, ClientContext.declaresUrlElicitation(init.params())));
        } else if (in.statusCode() == 404 && requestSession != null) {
            services.sessions().ended(requestSession);
        } else if (in.statusCode() / 100 == 2) {
            services.sessions().accepted(requestSession, caller.identity());
        }
    }

    /** HTTP 502 with a JSON-RPC error per forwarded request saying the upstream is unavailable. */
    private void unavailable(DecisionPlan plan, boolean batch, String why) {
        String message = "Upstream MCP server unavailable: " + why;
        List<ObjectNode> errors = new ArrayList<>();
        for (JsonRpcMessage message1 : plan.forward()) {
            if (message1.kind() == JsonRpcMessage.Kind.REQUEST) {
                errors.add(JsonRpcErrors.error(message1.id(), JsonRpcErrors.INTERNAL_ERROR, message));
            }
        }
        if (errors.isEmpty()) {
            errors.add(JsonRpcErrors.error(null, JsonRpcErrors.INTERNAL_ERROR, message));
        }
        errors.addAll(plan.localResponses());
        Replies.json(response, 502, batch ? array(errors) : errors.get(0));
    }

    private static ArrayNode array(List<ObjectNode> nodes) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        nodes.forEach(array::add);
        return array;
    }
}
