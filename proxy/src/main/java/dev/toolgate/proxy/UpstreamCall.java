package dev.toolgate.proxy;

import dev.toolgate.proxy.transport.Deadlines;
import dev.toolgate.proxy.transport.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.net.ConnectException;
import java.time.Duration;

/**
 * One request to the upstream on behalf of one client request: sent with the client's headers, timed out when no
 * response headers arrive in time, and cancelled (the upstream connection reset) when the client goes away first.
 */
final class UpstreamCall {
    private final Deadlines deadlines;
    private final UpstreamClient upstream;
    private final HttpServerRequest client;
    private final ProxyMetrics metrics;
    private final Duration responseTimeout;
    private HttpClientRequest request;
    private boolean clientGone;

    UpstreamCall(Deadlines deadlines, UpstreamClient upstream, HttpServerRequest client, ProxyMetrics metrics, Duration responseTimeout) {
        this.deadlines = deadlines;
        this.upstream = upstream;
        this.client = client;
        this.metrics = metrics;
        this.responseTimeout = responseTimeout;
    }

    /**
     * Sends and completes with the upstream's response (headers received, body not yet read), or fails with a
     * message fit for the client. {@code onClientGone} runs if the client disconnects before the response ends.
     */
    Future<HttpClientResponse> send(HttpMethod method, Buffer body, boolean dropAuthorization, Runnable onClientGone) {
        Promise<HttpClientResponse> result = Promise.promise();
        client.response().closeHandler(v -> {
            if (client.response().ended()) {
                // a complete response: an HTTP/2 stream closes after every answer, and the upstream may still be
                // finishing its stream (see ResponseRelay), which must not cost its pooled connection
                return;
            }
            clientGone = true;
            if (request != null) {
                request.reset();
            }
            onClientGone.run();
        });
        long sent = System.nanoTime();
        upstream.open(method, client.headers(), dropAuthorization).onComplete(opened -> {
            if (opened.failed()) {
                metrics.upstream(method.name(), 0, System.nanoTime() - sent);
                result.tryFail(describe(opened.cause()));
                return;
            }
            request = opened.result();
            if (clientGone) {
                request.reset();
                result.tryFail("client disconnected");
                return;
            }
            boolean[] timedOut = {false};
            Deadlines.Deadline deadline = deadlines.arm(responseTimeout, () -> {
                timedOut[0] = true;
                request.reset();
            });
            Future<HttpClientResponse> response = body == null ? request.send() : request.send(body);
            response.onComplete(answered -> {
                deadline.cancel();
                if (answered.failed()) {
                    metrics.upstream(method.name(), 0, System.nanoTime() - sent);
                    result.tryFail(timedOut[0] ? "no response within " + responseTimeout.toSeconds() + " s"
                            : describe(answered.cause()));
                } else {
                    metrics.upstream(method.name(), answered.result().statusCode(), System.nanoTime() - sent);
                    result.tryComplete(answered.result());
                }
            });
        });
        return result.future();
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connection refused (" + failure.getMessage() + ")";
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
