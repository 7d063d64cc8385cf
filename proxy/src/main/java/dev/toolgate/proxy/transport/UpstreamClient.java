package dev.toolgate.proxy.transport;

import dev.toolgate.proxy.ProxyOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The forward stage's connection to the upstream MCP endpoint: one pooled, keep-alive HTTP/1.1 client per event
 * loop. Each open SSE stream holds a pooled connection, hence the large pool.
 */
public final class UpstreamClient {
    private static final int MAX_CONNECTIONS = 16_384;
    private final HttpClient client;
    /** Host, port, path and TLS of the upstream, parsed once. */
    private final RequestOptions target;

    public UpstreamClient(Vertx vertx, ProxyOptions options) {
        java.net.URI upstream = options.upstream();
        boolean tls = "https".equals(upstream.getScheme());
        String path = (upstream.getRawPath() == null || upstream.getRawPath().isEmpty() ? "/" : upstream.getRawPath())
                + (upstream.getRawQuery() == null ? "" : "?" + upstream.getRawQuery());
        this.target = new RequestOptions().setHost(upstream.getHost())
                .setPort(upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80).setSsl(tls).setURI(path);
        HttpClientOptions clientOptions = new HttpClientOptions()
                .setConnectTimeout((int) options.upstreamConnectTimeout().toMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true)
                .setSsl("https".equals(options.upstream().getScheme()));
        this.client = vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setMaxWaitQueueSize(-1));
    }

    /** Opens a request to the upstream endpoint carrying the client's end-to-end headers. */
    public Future<HttpClientRequest> open(HttpMethod method, MultiMap clientHeaders, boolean dropAuthorization) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copyRequest(clientHeaders, headers, dropAuthorization);
        RequestOptions request = new RequestOptions(target).setMethod(method).setHeaders(headers);
        return client.request(request);
    }

    public Future<Void> close() {
        return client.close();
    }
}
