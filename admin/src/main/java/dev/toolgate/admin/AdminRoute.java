package dev.toolgate.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

/**
 * More paths on the admin port, served besides {@code /metrics}, {@code /healthz} and {@code /readyz} (the proxy's
 * approvals API). Runs on the admin event loop: answer without blocking. The request's body is released by the
 * server after {@link #answer} returns.
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

    FullHttpResponse answer(FullHttpRequest request);
}
