package dev.toolgate.proxy.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.approval.ApprovalRecord;
import dev.toolgate.proxy.approval.ApprovalState;
import dev.toolgate.proxy.hold.HeldCalls;
import dev.toolgate.proxy.hold.HoldOpen;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.transport.ClientResponse;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tools/call} held open while its approval waits: the POST is answered with an SSE stream at once, which
 * gets a keep-alive comment (and a {@code notifications/progress} when the request carried a progress token) every
 * period, until the first of
 * <ul>
 *   <li>a person decides (approved or denied): {@code onDecided} runs, which decides the call again exactly as an
 *       identical retry is decided, and answers on this stream;</li>
 *   <li>its own deadline ({@code --approval-hold-open}, never past the approval's expiry): the pending answer the
 *       call would have had at once, as the stream's one event (the agent may still retry);</li>
 *   <li>the client hangs up: the wait stops, nothing is forwarded, and the approval stays for a retry.</li>
 * </ul>
 * Nothing blocks: the decision arrives as a future the book completes, the timers run on the connection's event loop,
 * and everything here runs on that loop. The call's place ({@link HeldCalls.Place}) is given back when the hold ends.
 */
final class HeldCall {
    /** The longest progress token echoed back: the client chose it, the proxy bounds what it writes for it. */
    static final int MAX_PROGRESS_TOKEN_LENGTH = 256;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeldCall.class);

    private final EventLoop loop;
    private final ClientResponse response;
    private final HoldOpen hold;
    private final HeldCalls.Place place;
    private final ApprovalRecord record;
    private final ObjectNode pendingAnswer;
    private final JsonNode progressToken;
    private final Runnable onDecided;
    private final Duration keepAliveEvery;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> deadline;
    private CompletableFuture<ApprovalRecord> decision;
    private long progress;
    private boolean over;

    /**
     * @param pendingAnswer the {@code approval_pending} answer the call gets when its hold ends undecided
     * @param params        the request's params, for its progress token
     * @param onDecided     runs on the loop once a person decided, the stream open and its head written
     * @param idleTimeout   the client connection's idle timeout: keep-alives come at least twice within it
     */
    HeldCall(EventLoop loop, ClientResponse response, HoldOpen hold, HeldCalls.Place place, ApprovalRecord record,
             ObjectNode pendingAnswer, JsonNode params, Runnable onDecided, Duration idleTimeout) {
        this.loop = loop;
        this.response = response;
        this.hold = hold;
        this.place = place;
        this.record = record;
        this.pendingAnswer = pendingAnswer;
        this.progressToken = progressToken(params);
        this.onDecided = onDecided;
        Duration half = idleTimeout.dividedBy(2);
        this.keepAliveEvery = hold.options().keepAliveEvery().compareTo(half) < 0 ? hold.options().keepAliveEvery() : half;
    }

    /** The request's {@code params._meta.progressToken} when it is a string or integer of bounded length, else null. */
    static JsonNode progressToken(JsonNode params) {
        JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
        if (token == null || !(token.isTextual() && token.textValue().length() <= MAX_PROGRESS_TOKEN_LENGTH
                || token.isIntegralNumber() && token.canConvertToLong())) {
            return null;
        }
        return token;
    }

    /** Starts the stream and the wait. */
    void start() {
        response.setStatusCode(200)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Replies.TEXT_EVENT_STREAM)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .setChunked(true);
        // the head goes at once, with a first comment: the client knows the call is held, not lost
        response.write(SseEvents.keepAlive());
        response.closeHandler(this::clientGone);
        if (response.closed()) {
            // gone before the hold began: the close handler will not run again, and nothing must wait for a decision
            stop();
            return;
        }
        long every = Math.max(10, keepAliveEvery.toMillis());
        keepAlive = loop.scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
        Duration holdFor = hold.holdFor(record);
        deadline = loop.schedule(this::deadlinePassed, Math.max(1, holdFor.toMillis()), TimeUnit.MILLISECONDS);
        decision = hold.whenDecided(record.id()).toCompletableFuture();
        decision.whenComplete((decided, failure) -> {
            if (loop.inEventLoop()) {
                decided(decided, failure);
            } else {
                loop.execute(() -> decided(decided, failure));
            }
        });
    }

    private void decided(ApprovalRecord decided, Throwable failure) {
        if (over) {
            return;
        }
        if (failure != null || decided == null || !isDecidedByAPerson(decided)) {
            // expired (or the book could not take one more waiter): the answer the call would have had at once
            end(pendingAnswer);
            return;
        }
        stop();
        try {
            onDecided.run();
        } catch (RuntimeException e) {
            LOG.error("proxy failure answering a held call; answering with an error", e);
            endWithError("Internal proxy error");
        }
    }

    private static boolean isDecidedByAPerson(ApprovalRecord record) {
        return record.state() == ApprovalState.APPROVED || record.state() == ApprovalState.DENIED
                || record.state() == ApprovalState.CONSUMED;
    }

    private void deadlinePassed() {
        if (over) {
            return;
        }
        // asking the book now moves an approval past its expiry to EXPIRED even when nothing else touches the book;
        // a decision that arrived in the same moment still wins
        ApprovalRecord now = hold.now(record.id()).orElse(null);
        decided(now != null && isDecidedByAPerson(now) ? now : null, null);
    }

    private void keepAlive() {
        if (over || response.ended() || response.closed() || response.writeQueueFull()) {
            return;
        }
        response.write(SseEvents.keepAlive());
        if (progressToken != null) {
            // the progress must grow with each notification: the keep-alives sent so far do
            progress++;
            ObjectNode notification = JsonNodeFactory.instance.objectNode();
            notification.put("jsonrpc", "2.0");
            notification.put("method", "notifications/progress");
            ObjectNode params = notification.putObject("params");
            params.set("progressToken", progressToken);
            params.put("progress", progress);
            params.put("message", "waiting for a person's approval " + record.id());
            response.write(event(notification));
        }
    }

    private void clientGone() {
        if (!over) {
            stop(); // nothing was forwarded; the approval stays for a retry
        }
    }

    /** Ends the hold: timers off, the book's future given up, the place given back. Idempotent. */
    private void stop() {
        over = true;
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (decision != null) {
            decision.cancel(false); // frees its place among the book's waiters
        }
        place.close();
    }

    private void end(ObjectNode answer) {
        stop();
        response.end(event(answer));
    }

    private void endWithError(String message) {
        stop();
        response.end(event(JsonRpcErrors.error(pendingAnswer.get("id"), JsonRpcErrors.INTERNAL_ERROR, message)));
    }

    static ByteBuf event(JsonNode message) {
        return SseEvents.message(new String(Replies.serialize(message), StandardCharsets.UTF_8));
    }
}
