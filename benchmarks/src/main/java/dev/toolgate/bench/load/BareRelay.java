package dev.toolgate.bench.load;

import dev.toolgate.proxy.transport.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;

/**
 * The floor under any HTTP proxy on this stack: the same Vert.x, transport, event loops and pooled keep-alive client
 * as Toolgate, relaying each request to the upstream and streaming the answer back, and doing nothing else (no
 * parsing, policy, inspection, audit or metrics). The benchmark runs it as a third target, so what Toolgate's
 * pipeline adds to a proxy hop can be told apart from what the hop itself costs on the machine.
 *
 * <pre>java -cp benchmarks.jar dev.toolgate.bench.load.BareRelay PORT UPSTREAM_URL</pre>
 * {@code GET /ready} answers 200 once it listens.
 */
public final class BareRelay {
    private BareRelay() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        int eventLoops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        for (int i = 0; i < eventLoops; i++) {
            // one server and one client per event loop, as in the proxy
            vertx.deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
                @Override
                public void start() {
                    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                            new PoolOptions().setHttp1MaxSize(16_384).setMaxWaitQueueSize(-1));
                    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)
                                    .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                            .requestHandler(request -> relay(request, client, upstream))
                            .listen(port, "127.0.0.1");
                }
            }, new io.vertx.core.DeploymentOptions());
        }
    }

    private static void relay(HttpServerRequest request, HttpClient client, URI upstream) {
        if (request.path().equals("/ready")) {
            request.response().end("ready");
            return;
        }
        request.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copyRequest(request.headers(), headers, false);
        if (request.getHeader("Content-Length") != null) {
            headers.set("Content-Length", request.getHeader("Content-Length")); // as Toolgate sends it: not chunked
        }
        client.request(new RequestOptions().setMethod(request.method()).setHost(upstream.getHost()).setPort(upstream.getPort())
                        .setURI(upstream.getRawPath()).setHeaders(headers))
                .compose(out -> out.send(request))
                .onSuccess(in -> {
                    request.response().setStatusCode(in.statusCode());
                    HopByHop.copyResponse(in.headers(), request.response().headers());
                    if (in.getHeader("Content-Length") == null) {
                        request.response().setChunked(true);
                    } else {
                        request.response().putHeader("Content-Length", in.getHeader("Content-Length"));
                    }
                    in.pipeTo(request.response());
                })
                .onFailure(failure -> request.response().setStatusCode(502).end(String.valueOf(failure)));
    }
}
