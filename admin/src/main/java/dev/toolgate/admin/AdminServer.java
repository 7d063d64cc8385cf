package dev.toolgate.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The admin port: {@code /metrics} (Prometheus text format), {@code /healthz} (the process serves: its
 * {@link LivenessProbe} passes) and
 * {@code /readyz} (200 when ready, else 503 with why). The proxy's is ready once a policy is in force; the operator
 * serves its own on the same class.
 */
public final class AdminServer implements AutoCloseable {
    /** Liveness: 200 while the process serves. */
    public static final String HEALTH_PATH = "/healthz";
    /** Readiness: 200 when ready, else 503. */
    public static final String READY_PATH = "/readyz";
    public static final String METRICS_PATH = "/metrics";

    private final MeterRegistry registry;
    private final BooleanSupplier ready;
    private final String notReady;
    private final LivenessProbe live;
    private final List<AdminRoute> routes;
    private Channel server;

    /** @param notReady the body of a 503 from {@code /readyz}: what is missing */
    public AdminServer(MeterRegistry registry, BooleanSupplier ready, String notReady) {
        this(registry, ready, notReady, LivenessProbe.ALWAYS);
    }

    /** @param live what {@code /healthz} asks; it answers 503 with the reason when the probe fails */
    public AdminServer(MeterRegistry registry, BooleanSupplier ready, String notReady, LivenessProbe live) {
        this(registry, ready, notReady, live, List.of());
    }

    /** @param routes more paths served on the port, asked in order before the built-in ones */
    public AdminServer(MeterRegistry registry, BooleanSupplier ready, String notReady, LivenessProbe live,
                       List<AdminRoute> routes) {
        this.registry = registry;
        this.ready = ready;
        this.notReady = notReady;
        this.live = live;
        this.routes = List.copyOf(routes);
    }

    /**
     * Listens on {@code host:port} (0: any free port) with {@code group}'s event loops and server channels of
     * {@code channelType} (which must match the group's transport, epoll or NIO); returns the port.
     */
    public int start(EventLoopGroup group, Class<? extends ServerChannel> channelType, String host, int port)
            throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(channelType)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(64 * 1024), new Endpoints());
                    }
                })
                .bind(host, port).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private final class Endpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.equals(HEALTH_PATH)) {
                HttpVersion version = request.protocolVersion();
                // answered when the probe completes, on this connection's loop: the admin loop never waits
                live.probe().whenComplete((why, failure) -> ctx.executor().execute(() -> ctx.writeAndFlush(
                        failure == null && why.isEmpty() ? text(version, HttpResponseStatus.OK, "ok\n", null)
                                : text(version, HttpResponseStatus.SERVICE_UNAVAILABLE,
                                failure == null ? why.get() + "\n" : "liveness probe failed\n", null))));
                return;
            }
            for (AdminRoute route : routes) {
                if (route.serves(path, request)) {
                    HttpVersion version = request.protocolVersion();
                    // written on this connection's loop when the route completes: a slow route never holds the loop
                    route.answerLater(request).whenComplete((response, failure) -> ctx.executor().execute(() -> ctx.writeAndFlush(
                            failure == null ? response
                                    : text(version, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n", null))));
                    return;
                }
            }
            ctx.writeAndFlush(answer(path, request));
        }

        private FullHttpResponse answer(String path, FullHttpRequest request) {
            return switch (path) {
                case METRICS_PATH -> registry instanceof PrometheusMeterRegistry prometheus
                        ? text(request, HttpResponseStatus.OK, prometheus.scrape(), "text/plain; version=0.0.4; charset=utf-8")
                        : text(request, HttpResponseStatus.NOT_FOUND, "metrics go to a non-Prometheus registry\n", null);
                case READY_PATH -> ready.getAsBoolean()
                        ? text(request, HttpResponseStatus.OK, "ready\n", null)
                        : text(request, HttpResponseStatus.SERVICE_UNAVAILABLE, notReady + "\n", null);
                default -> text(request, HttpResponseStatus.NOT_FOUND, "not found: /metrics, /healthz, /readyz\n", null);
            };
        }

        private FullHttpResponse text(FullHttpRequest request, HttpResponseStatus status, String body, String type) {
            return text(request.protocolVersion(), status, body, type);
        }

        private FullHttpResponse text(HttpVersion version, HttpResponseStatus status, String body, String type) {
            FullHttpResponse response = new DefaultFullHttpResponse(version, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type == null ? "text/plain; charset=utf-8" : type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            return response;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }
}
