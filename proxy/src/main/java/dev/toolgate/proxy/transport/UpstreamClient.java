package dev.toolgate.proxy.transport;

import dev.toolgate.proxy.ProxyOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.URI;
import java.util.ArrayDeque;

/**
 * The forward stage's connection to the upstream MCP endpoint, for one event loop: keep-alive HTTP/1.1 connections
 * opened on that loop (so a call never crosses threads), reused one request at a time. Open SSE streams each hold a
 * connection; idle ones wait in a stack, the most recently used on top. Use it only on its event loop.
 */
public final class UpstreamClient implements AutoCloseable {
    /** Idle connections kept per event loop; more are closed when they come back. */
    private static final int MAX_IDLE = 1_024;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final String hostHeader;
    /** {@code Bearer <the upstream token>}, or null when the proxy has no credential of its own for the upstream. */
    private final String upstreamAuthorization;
    private final String path;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private boolean closed;

    public UpstreamClient(EventLoop loop, Transport transport, ProxyOptions options) {
        URI upstream = options.upstream();
        boolean tls = "https".equals(upstream.getScheme());
        this.host = upstream.getHost();
        this.port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
        this.hostHeader = upstream.getRawAuthority();
        this.upstreamAuthorization = options.upstreamToken() == null ? null : "Bearer " + options.upstreamToken();
        this.path = (upstream.getRawPath() == null || upstream.getRawPath().isEmpty() ? "/" : upstream.getRawPath())
                + (upstream.getRawQuery() == null ? "" : "?" + upstream.getRawQuery());
        SslContext ssl = tls ? clientTls() : null;
        this.bootstrap = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.upstreamConnectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (ssl != null) {
                            channel.pipeline().addLast(verifyingHost(ssl.newHandler(channel.alloc(), host, port)));
                        }
                        // answers the proxy inspects must be readable: gzip and deflate are decoded here, before the
                        // relay counts the response size limit on the decoded bytes
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpContentDecompressor(false, 0),
                                new UpstreamConnection(UpstreamClient.this));
                    }
                });
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build(); // the JDK's trust store
        } catch (SSLException e) {
            throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
        }
    }

    private static SslHandler verifyingHost(SslHandler handler) {
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /**
     * Sends a request to the upstream endpoint carrying the client's end-to-end headers and {@code body} (taken
     * over; null for none), on an idle connection or a new one. The returned handle resets it.
     */
    public UpstreamRequest send(HttpMethod method, HttpHeaders clientHeaders, boolean dropAuthorization, ByteBuf body,
                                UpstreamRequest.Listener listener) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        HopByHop.copyRequest(clientHeaders, headers, dropAuthorization);
        headers.set(HttpHeaderNames.HOST, hostHeader);
        if (upstreamAuthorization != null) {
            // the proxy's own credential for the upstream, never the client's (no token passthrough)
            headers.set(HttpHeaderNames.AUTHORIZATION, upstreamAuthorization);
        }
        // the proxy reads the answers it inspects: ask for them uncoded (whatever still comes coded is decoded or refused)
        headers.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        if (body != null) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                body == null ? io.netty.buffer.Unpooled.EMPTY_BUFFER : body, headers, EmptyHttpHeaders.INSTANCE);
        UpstreamRequest handle = new UpstreamRequest(listener);
        Channel channel;
        while ((channel = idle.pollLast()) != null) {
            if (channel.isActive()) {
                handle.start(channel, request);
                return handle;
            }
        }
        ChannelFuture connecting = bootstrap.connect(host, port);
        handle.connecting(connecting.channel());
        connecting.addListener(connected -> {
            if (connected.isSuccess()) {
                handle.start(connecting.channel(), request);
            } else {
                request.release();
                handle.connectFailed(connected.cause());
            }
        });
        return handle;
    }

    /** Takes a connection back after a complete exchange. */
    void release(Channel channel) {
        if (!closed && channel.isActive() && idle.size() < MAX_IDLE) {
            idle.addLast(channel);
        } else {
            channel.close();
        }
    }

    void forget(Channel channel) {
        idle.remove(channel);
    }

    @Override
    public void close() {
        closed = true;
        Channel channel;
        while ((channel = idle.pollLast()) != null) {
            channel.close();
        }
    }
}
