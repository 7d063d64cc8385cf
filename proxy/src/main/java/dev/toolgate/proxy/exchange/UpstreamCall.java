package dev.toolgate.proxy.exchange;

import dev.toolgate.proxy.ProxyMetrics;
import dev.toolgate.proxy.transport.ClientRequest;
import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.UpstreamClient;
import dev.toolgate.proxy.transport.UpstreamFailures;
import dev.toolgate.proxy.transport.UpstreamRequest;
import dev.toolgate.proxy.transport.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One request to the upstream on behalf of one client request: sent with the client's headers, timed out when no
 * response headers arrive in time, and cancelled (the upstream connection reset) when the client goes away first.
 */
final class UpstreamCall implements UpstreamRequest.Listener {
    private final Deadlines deadlines;
    private final UpstreamClient upstream;
    private final ClientRequest client;
    private final ProxyMetrics metrics;
    private final Duration responseTimeout;
    private HttpMethod method;
    private Consumer<UpstreamResponse> onResponse;
    private Consumer<String> onFailure;
    private UpstreamRequest request;
    private Deadlines.Deadline deadline;
    private long sentNanos;
    private boolean clientGone;
    private boolean timedOut;

    UpstreamCall(Deadlines deadlines, UpstreamClient upstream, ClientRequest client, ProxyMetrics metrics, Duration responseTimeout) {
        this.deadlines = deadlines;
        this.upstream = upstream;
        this.client = client;
        this.metrics = metrics;
        this.responseTimeout = responseTimeout;
    }

    /**
     * Sends {@code body} (taken over; null for none). {@code onResponse} gets the upstream's response once its head
     * has arrived (body not yet read), or {@code onFailure} a message fit for the client. {@code onClientGone} runs if
     * the client disconnects before its response ends.
     */
    void send(HttpMethod method, ByteBuf body, boolean dropAuthorization, Runnable onClientGone,
              Consumer<UpstreamResponse> onResponse, Consumer<String> onFailure) {
        this.method = method;
        this.onResponse = onResponse;
        this.onFailure = onFailure;
        if (client.response().closed()) {
            if (body != null) {
                body.release();
            }
            clientGone = true;
            onClientGone.run();
            onFailure.accept("client disconnected");
            return;
        }
        client.response().closeHandler(() -> {
            if (client.response().ended()) {
                // a complete response: the upstream may still be finishing its stream (see ResponseRelay), which must
                // not cost its pooled connection
                return;
            }
            clientGone = true;
            request.reset();
            onClientGone.run();
        });
        sentNanos = System.nanoTime();
        deadline = deadlines.arm(responseTimeout, () -> {
            timedOut = true;
            request.reset();
        });
        request = upstream.send(method, client.headers(), dropAuthorization, body, this);
    }

    @Override
    public void response(UpstreamResponse response) {
        deadline.cancel();
        metrics.upstream(method.name(), response.statusCode(), System.nanoTime() - sentNanos);
        onResponse.accept(response);
    }

    @Override
    public void failed(Throwable cause) {
        deadline.cancel();
        metrics.upstream(method.name(), 0, System.nanoTime() - sentNanos);
        onFailure.accept(timedOut ? "no response within " + Durations.readable(responseTimeout)
                : clientGone ? "client disconnected" : UpstreamFailures.describe(cause));
    }

    /** True once any of the request may have gone upstream (see {@link UpstreamRequest#written()}). */
    boolean sent() {
        return request != null && request.written();
    }
}
