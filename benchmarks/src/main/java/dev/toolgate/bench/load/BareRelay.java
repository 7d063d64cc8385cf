package dev.toolgate.bench.load;

import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.transport.HopByHop;
import dev.toolgate.proxy.transport.UpstreamClient;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;

/**
 * The floor under any HTTP proxy on this stack: Toolgate's own server settings and upstream client on the same
 * Vert.x, transport and number of event loops, relaying each request to the upstream and streaming the answer back,
 * and doing nothing else (no parsing, policy, inspection, audit or metrics). The benchmark runs it as a third
 * target, so what Toolgate's pipeline adds to a proxy hop can be told apart from what the hop itself costs.
 *
 * <pre>java -cp benchmarks.jar dev.toolgate.bench.load.BareRelay PORT UPSTREAM_URL</pre>
 * {@code GET /ready} answers 200 once it listens.
 */
public final class BareRelay {
    private BareRelay() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ProxyOptions options = ProxyOptions.builder(URI.create(args[1])).build();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()).setPreferNativeTransport(true));
        for (int i = 0; i < options.eventLoops(); i++) {
            // one server and one upstream client per event loop, as in the proxy
            vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start() {
                    UpstreamClient upstream = new UpstreamClient(vertx, options);
                    vertx.createHttpServer(ProxyServer.serverOptions(options))
                            .requestHandler(request -> relay(request, upstream))
                            .listen(port, "127.0.0.1");
                }
            }, new DeploymentOptions());
        }
    }

    private static void relay(HttpServerRequest request, UpstreamClient upstream) {
        if (request.path().equals("/ready")) {
            request.response().end("ready");
            return;
        }
        request.pause();
        upstream.open(request.method(), request.headers(), false)
                .compose(out -> {
                    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null) {
                        out.putHeader(HttpHeaders.CONTENT_LENGTH, length); // as Toolgate sends it: not chunked
                    }
                    return out.send(request);
                })
                .onSuccess(in -> {
                    request.response().setStatusCode(in.statusCode());
                    HopByHop.copyResponse(in.headers(), request.response().headers());
                    String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length == null) {
                        request.response().setChunked(true);
                    } else {
                        request.response().putHeader(HttpHeaders.CONTENT_LENGTH, length);
                    }
                    in.pipeTo(request.response());
                })
                .onFailure(failure -> request.response().setStatusCode(502).end(String.valueOf(failure)));
    }
}
