package dev.toolgate.proxy.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.HopByHop;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.SseEventParser;
import dev.toolgate.proxy.transport.SseEvents;
import dev.toolgate.proxy.transport.ClientResponse;
import dev.toolgate.proxy.transport.UnreadableResponse;
import dev.toolgate.proxy.transport.UpstreamFailures;
import dev.toolgate.proxy.transport.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries one upstream response back to the client, with backpressure (the upstream is paused while the client's
 * write queue is full). Three ways: SSE event by event (inspecting events only where needed, keep-alive comments
 * between events while idle), JSON buffered when it must be inspected, anything else byte for byte.
 */
public final class ResponseRelay {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResponseRelay.class);
    private final EventExecutor loop;
    private final long maxResponseBytes;
    /** The SSE streams being relayed on this event loop; one timer looks after their keep-alives. */
    private final Set<OpenStream> open = new HashSet<>();
    private final Deadlines deadlines;
    private final Duration idleTimeout;
    private final ScheduledFuture<?> keepAliveTimer;

    /**
     * Create it on the event loop that will use it: its streams, keep-alive timer and {@code deadlines} belong to that
     * loop.
     */
    public ResponseRelay(EventExecutor loop, Deadlines deadlines, Duration idleTimeout, long maxResponseBytes) {
        this.loop = loop;
        this.deadlines = deadlines;
        this.idleTimeout = idleTimeout;
        this.maxResponseBytes = maxResponseBytes;
        long keepAliveMillis = Math.max(100, idleTimeout.toMillis() / 2);
        // a comment on every stream that has been silent for half the period, so none is ever idle for the timeout
        this.keepAliveTimer = loop.scheduleAtFixedRate(() -> {
            long silentSince = System.nanoTime() - keepAliveMillis * 500_000L;
            for (OpenStream stream : open) {
                stream.keepAliveIfSilentSince(silentSince);
            }
        }, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
    }

    public void close() {
        keepAliveTimer.cancel(false);
    }

    private static boolean declaresJson(UpstreamResponse in) {
        String type = in.getHeader(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.toLowerCase().startsWith(Replies.APPLICATION_JSON);
    }

    public static boolean isEventStream(UpstreamResponse in) {
        String type = in.getHeader(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.toLowerCase().startsWith(Replies.TEXT_EVENT_STREAM);
    }

    /**
     * Streams SSE; {@code locals} (the proxy's own answers in a batch) go first as events of their own. Once every
     * forwarded request is answered the client's response ends with the last answer, in the same write: MCP servers
     * close a POST's stream right after its answers, so waiting for that end to arrive in a read of its own would
     * only cost the client a wake-up and the proxy a write. What the upstream still sends is read and dropped.
     */
    public Consumer<String> relayEvents(UpstreamResponse in, ClientResponse out, ResponseInspector inspector,
                                        List<ObjectNode> locals, Runnable onDone) {
        int status = in.statusCode();
        start(in, out);
        out.setChunked(true);
        OpenStream stream = new OpenStream(loop, in, out);
        open.add(stream);
        for (ObjectNode local : locals) {
            stream.add(SseEvents.message(new String(Replies.serialize(local), StandardCharsets.UTF_8)));
        }
        in.handler(chunk -> {
            if (stream.ended) {
                stream.dropped += chunk.readableBytes();
                return;
            }
            for (ByteBuf event : stream.parser.feed(chunk)) {
                stream.hold(inspectEvent(event, inspector, status));
            }
            if (inspector.answeredAll()) {
                open.remove(stream);
                // an upstream that holds the stream open after its last answer gets the idle timeout to end it, then
                // its connection is closed, so a misbehaving server cannot pile up connections
                stream.draining = deadlines.arm(idleTimeout, stream::cancelUpstream);
                stream.end();
            } else {
                stream.flushLater();
            }
        });
        in.endHandler(() -> {
            open.remove(stream);
            stream.stopDraining();
            if (!stream.ended && stream.parser.held() > 0) {
                stream.add(stream.parser.remainder());
            }
            stream.dropped += stream.ended ? stream.parser.held() : 0;
            if (stream.dropped > 0) {
                LOG.warn("the upstream sent {} bytes on a POST's SSE stream after answering every request; they were"
                        + " dropped, as the client's response had ended", stream.dropped);
            }
            inspector.pending().abandon(status);
            stream.end();
            onDone.run();
        });
        in.exceptionHandler(failure -> {
            open.remove(stream);
            stream.stopDraining();
            inspector.pending().abandon(status);
            // the client sees the stream break and may resume it with Last-Event-ID; a response that was already
            // complete is left alone (resetting it would close the client's connection)
            if (!stream.ended && !out.closed()) {
                out.reset();
            }
            onDone.run();
        });
        return json -> loop.execute(() -> stream.inject(json));
    }

    /**
     * One SSE stream being relayed: its events as cut from the upstream's bytes, and those waiting to be written to
     * the client. Everything one upstream read brought goes out in one write, at the end of the event loop's turn
     * or together with the end of the response: an answer and the end of its stream usually arrive together, and
     * one write instead of two saves a system call and a wake-up of the client.
     */
    private static final class OpenStream {
        final SseEventParser parser = new SseEventParser();
        private final EventExecutor loop;
        private final UpstreamResponse in;
        private final ClientResponse out;
        private ByteBuf held;
        private boolean flushScheduled;
        private long lastWrite = System.nanoTime();
        /** The client's response has ended; bytes the upstream sends after that are counted, not relayed. */
        boolean ended;
        /** Armed once the client's response has ended: the upstream's own end must come within the idle timeout. */
        Deadlines.Deadline draining;
        long dropped;

        OpenStream(EventExecutor loop, UpstreamResponse in, ClientResponse out) {
            this.loop = loop;
            this.in = in;
            this.out = out;
        }

        /**
         * An event of the proxy's own: whole events only ever stand in the queue (the parser keeps a partial one
         * back), so it goes out between two of the upstream's. Dropped once the stream ended.
         */
        void inject(String json) {
            if (!ended && writable(out)) {
                add(SseEvents.message(json));
            }
        }

        /** Holds the event and writes it at the end of the event loop's turn, with whatever else arrives by then. */
        void add(ByteBuf event) {
            hold(event);
            flushLater();
        }

        /**
         * Holds the event (taking it over) until {@link #flushLater} or {@link #end}: a chunk that completes the
         * exchange is written in one go. The first event is held as it is, without a copy; more join it.
         */
        void hold(ByteBuf event) {
            held = held == null ? event : Unpooled.wrappedBuffer(held, event);
        }

        void flushLater() {
            if (held != null && !flushScheduled) {
                flushScheduled = true;
                loop.execute(() -> {
                    flushScheduled = false;
                    flush();
                });
            }
        }

        void keepAliveIfSilentSince(long nanos) {
            if (lastWrite - nanos <= 0 && held == null && parser.atBoundary() && writable(out)) {
                add(SseEvents.keepAlive());
            }
        }

        private void flush() {
            if (held == null) {
                return;
            }
            if (writable(out)) {
                out.write(held);
                lastWrite = System.nanoTime();
                backpressure(in, out);
            }
            held = null;
        }

        void stopDraining() {
            if (draining != null) {
                draining.cancel();
            }
        }

        /** Resets the upstream request, closing its connection. */
        void cancelUpstream() {
            in.request().reset();
        }

        void end() {
            ended = true;
            if (writable(out)) {
                if (held == null) {
                    out.end();
                } else {
                    out.end(held);
                }
            }
            held = null;
        }
    }

    private static ByteBuf inspectEvent(ByteBuf event, ResponseInspector inspector, int status) {
        String data = SseEvents.data(event);
        if (data == null) {
            return event;
        }
        String rewritten = inspector.inspectText(data, status);
        return rewritten == null ? event : SseEvents.withData(event, rewritten);
    }

    /**
     * Buffers the body (up to the limit), inspects it and adds {@code locals}. A body declared JSON that cannot be read
     * gets 502; another body that is not JSON (an HTML error page, say) passes unchanged.
     */
    public void relayJson(UpstreamResponse in, ClientResponse out, ResponseInspector inspector,
                          List<ObjectNode> locals, boolean batch) {
        int status = in.statusCode();
        ByteBuf body = Unpooled.buffer();
        boolean[] overflow = {false};
        in.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            if (body.readableBytes() + chunk.readableBytes() > maxResponseBytes) {
                overflow[0] = true;
                inspector.pending().abandon(status);
                Replies.error(out, 502, null, JsonRpcErrors.INTERNAL_ERROR,
                        "Upstream response larger than " + maxResponseBytes + " bytes");
                in.request().reset();
                return;
            }
            body.writeBytes(chunk);
        });
        in.exceptionHandler(failure -> {
            if (!overflow[0]) {
                overflow[0] = true;
                inspector.pending().abandon(status);
                Replies.error(out, 502, null, JsonRpcErrors.INTERNAL_ERROR, "Upstream MCP server unavailable: " + UpstreamFailures.describe(failure));
            }
        });
        in.endHandler(() -> {
            if (overflow[0]) {
                return;
            }
            JsonNode tree = body.readableBytes() == 0 ? null : inspector.parse(body.toString(StandardCharsets.UTF_8));
            if (tree == null && body.isReadable() && declaresJson(in)) {
                // JSON the proxy cannot read (malformed, duplicate keys, more than one value) is not passed on: another
                // reader could find a tools/list result or an answer in it that the proxy never saw
                body.release();
                inspector.pending().abandon(status);
                Replies.error(out, 502, null, JsonRpcErrors.INTERNAL_ERROR,
                        "Upstream MCP server unavailable: " + UnreadableResponse.BROKEN);
                return;
            }
            boolean changed = inspector.inspect(tree, status);
            inspector.pending().abandon(status);
            start(in, out);
            if (!locals.isEmpty() && (tree == null || tree.isObject() || tree.isArray())) {
                tree = merge(tree, locals, batch);
                changed = true;
            }
            if (changed) {
                out.putHeader(HttpHeaderNames.CONTENT_TYPE, Replies.APPLICATION_JSON);
                if (!locals.isEmpty() && status == 202) {
                    out.setStatusCode(200);
                }
                out.end(Unpooled.wrappedBuffer(Replies.serialize(tree)));
            } else {
                out.end(body);
            }
        });
    }

    /**
     * The upstream's answer to a held call, onto the client's SSE stream that is already open (its head written): an
     * SSE answer is relayed event by event as {@link #relayEvents} does, a JSON one is read (up to the limit),
     * inspected and written as one event per message. Whatever cannot be relayed so ends the stream with a JSON-RPC
     * error for {@code id}; the calls' reservations settle as for any relayed answer.
     */
    public void relayAsEvents(UpstreamResponse in, ClientResponse out, ResponseInspector inspector, JsonNode id) {
        if (isEventStream(in)) {
            relayEvents(in, out, inspector, List.of(), () -> { });
            return;
        }
        int status = in.statusCode();
        ByteBuf body = Unpooled.buffer();
        boolean[] over = {false};
        in.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.readableBytes() + chunk.readableBytes() > maxResponseBytes) {
                over[0] = true;
                body.release();
                inspector.pending().abandon(status);
                endWithError(out, id, "Upstream response larger than " + maxResponseBytes + " bytes");
                in.request().reset();
                return;
            }
            body.writeBytes(chunk);
        });
        in.exceptionHandler(failure -> {
            if (!over[0]) {
                over[0] = true;
                body.release();
                inspector.pending().abandon(status);
                endWithError(out, id, "Upstream MCP server unavailable: " + UpstreamFailures.describe(failure));
            }
        });
        in.endHandler(() -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            JsonNode tree = body.readableBytes() == 0 ? null : inspector.parse(body.toString(StandardCharsets.UTF_8));
            body.release();
            if (tree == null || !tree.isObject() && !tree.isArray()) {
                inspector.pending().abandon(status);
                endWithError(out, id, "Upstream MCP server unavailable: " + (tree == null && status / 100 == 2
                        ? UnreadableResponse.BROKEN : "HTTP " + status));
                return;
            }
            inspector.inspect(tree, status);
            inspector.pending().abandon(status);
            ByteBuf events = Unpooled.buffer();
            for (JsonNode message : tree.isArray() ? tree : List.of(tree)) {
                events.writeBytes(SseEvents.message(new String(Replies.serialize(message), StandardCharsets.UTF_8)));
            }
            if (writable(out)) {
                out.end(events);
            } else {
                events.release();
            }
        });
    }

    private static void endWithError(ClientResponse out, JsonNode id, String message) {
        if (writable(out)) {
            out.end(SseEvents.message(new String(Replies.serialize(JsonRpcErrors.error(id, JsonRpcErrors.INTERNAL_ERROR,
                    message)), StandardCharsets.UTF_8)));
        }
    }

    /** The proxy's own answers joined with the upstream's: one object for a single message, else an array. */
    static JsonNode merge(JsonNode upstream, List<ObjectNode> locals, boolean batch) {
        if (upstream == null && locals.size() == 1 && !batch) {
            return locals.get(0);
        }
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        if (upstream != null && upstream.isArray()) {
            merged.addAll((ArrayNode) upstream);
        } else if (upstream != null) {
            merged.add(upstream);
        }
        merged.addAll(locals);
        return merged;
    }

    /** Byte for byte; the upstream's Content-Length is kept when it sent one. */
    public void relayRaw(UpstreamResponse in, ClientResponse out) {
        start(in, out);
        String length = in.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            out.putHeader(HttpHeaderNames.CONTENT_LENGTH, length);
        } else {
            out.setChunked(true);
        }
        in.handler(chunk -> {
            if (writable(out)) {
                out.write(chunk.retain()); // the chunk is lent: the write takes its own reference
                backpressure(in, out);
            }
        });
        in.endHandler(() -> {
            if (writable(out)) {
                out.end();
            }
        });
        in.exceptionHandler(failure -> {
            if (!out.closed()) {
                out.reset();
            }
        });
    }

    private static void start(UpstreamResponse in, ClientResponse out) {
        out.setStatus(in.statusCode(), in.statusMessage());
        HopByHop.copyResponse(in.headers(), out.headers());
    }

    private static void backpressure(UpstreamResponse in, ClientResponse out) {
        if (out.writeQueueFull()) {
            in.pause();
            out.drainHandler(in::resume);
        }
    }

    private static boolean writable(ClientResponse out) {
        return !out.ended() && !out.closed();
    }
}
