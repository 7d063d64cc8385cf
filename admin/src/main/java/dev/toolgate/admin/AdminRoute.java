package dev.toolgate.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * More paths on the admin port, served besides {@code /metrics}, {@code /healthz} and {@code /readyz} (the proxy's
 * approvals API). Runs on the admin event loop: answer without blocking. The request's body is released by the
 * server after {@link #answer} returns.
 */
public interface AdminRoute {
    /** True for the paths this route answers. */
    boolean serves(String path);

    FullHttpResponse answer(FullHttpRequest request);
}
