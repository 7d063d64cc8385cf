package dev.toolgate.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * More paths on the admin port, served besides {@code /metrics}, {@code /healthz} and {@code /readyz} (the proxy's
 * approvals API, the operator's cluster-wide one). Runs on the admin event loop: answer without blocking. The request's
 * body is released by the server after {@link #answer} (or {@link #answerLater}) returns. A route implements one of the
 * two.
 */
public interface AdminRoute {
    /** True for the paths this route answers. */
    boolean serves(String path);

    /**
     * True for the requests this route answers; by path alone unless a route says otherwise. Two routes may share a
     * path and split it by the request (the approvals page takes a browser's navigation, the JSON API the rest).
     */
    default boolean serves(String path, HttpRequest request) {
        return serves(path);
    }

    /** The answer, at once. */
    default FullHttpResponse answer(FullHttpRequest request) {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither answer nor answerLater");
    }

    /**
     * The answer, when it is ready: for a route that must ask something slow (the operator's asks the API server),
     * which it does on threads of its own, never the admin loop. Read what is needed from the request before
     * returning: it is released then. The server writes the response on the connection's loop when the stage
     * completes (a failed stage: 500).
     */
    default CompletionStage<FullHttpResponse> answerLater(FullHttpRequest request) {
        return CompletableFuture.completedFuture(answer(request));
    }
}
