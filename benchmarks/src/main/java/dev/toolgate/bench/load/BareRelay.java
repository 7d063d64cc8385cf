package dev.toolgate.bench.load;

import dev.toolgate.proxy.transport.HopByHop;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The floor under an HTTP proxy on Vert.x 4 (the stack Toolgate's transport ran on until 2026-12-01): the server
 * settings and pooled keep-alive upstream client Toolgate had, on the native transport and Toolgate's number of event
 * loops, relaying each request to the upstream and streaming the answer back, and doing nothing else (no parsing,
 * policy, inspection, audit or metrics). The benchmark runs it as a third target, to compare an HTTP hop on Vert.x
 * with Toolgate on plain Netty.
 *
 * <pre>java -cp benchmarks.jar dev.toolgate.bench.load.BareRelay PORT UPSTREAM_URL [EVENT_LOOPS]</pre>
 * {@code GET /ready} answers 200 once it listens.
 */
public final class BareRelay {
    private BareRelay() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        int loops = PairedConnections.loops(args, 2);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        RequestOptions target = new RequestOptions().setHost(upstream.getHost()).setPort(upstream.getPort())
                .setURI(upstream.getRawPath());
        HttpServerOptions serverOptions = new HttpServerOptions().setIdleTimeout(75_000).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true).setHandle100ContinueAutomatically(true)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        for (int i = 0; i < loops; i++) {
            // one server and one upstream client per event loop, as Toolgate had them
            vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start() {
                    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                            .setTcpKeepAlive(true), new PoolOptions().setHttp1MaxSize(16_384).setMaxWaitQueueSize(-1));
                    vertx.createHttpServer(serverOptions)
                            .requestHandler(request -> relay(request, client, target))
                            .listen(port, "127.0.0.1");
                }
            }, new DeploymentOptions());
        }
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HopByHop.isConnectionHeader(header.getKey())) { // Toolgate's list of what stays on one leg
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static void relay(HttpServerRequest request, HttpClient upstream, RequestOptions target) {
        if (request.path().equals("/ready")) {
            request.response().end("ready");
            return;
        }
        request.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(request.headers(), headers);
        upstream.request(new RequestOptions(target).setMethod(request.method()).setHeaders(headers))
                .compose(out -> {
                    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null) {
                        out.putHeader(HttpHeaders.CONTENT_LENGTH, length); // as Toolgate sends it: not chunked
                    }
                    return out.send(request);
                })
                .onSuccess(in -> {
                    request.response().setStatusCode(in.statusCode());
                    copy(in.headers(), request.response().headers());
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
