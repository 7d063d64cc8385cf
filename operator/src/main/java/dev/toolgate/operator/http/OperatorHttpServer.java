package dev.toolgate.operator.http;

import dev.toolgate.admin.AdminRoute;
import dev.toolgate.admin.AdminServer;
import dev.toolgate.admin.LivenessProbe;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * /metrics (Prometheus text), /healthz (the process serves) and /readyz (the operator started, informers healthy), and
 * the routes given (the approvals API), on all interfaces: the admin server the proxy serves too, on one NIO event loop of the operator's own (a few scrapes a
 * minute need no native transport).
 */
public final class OperatorHttpServer implements AutoCloseable {
    private final EventLoopGroup loop;
    private final AdminServer server;
    private final int port;

    private OperatorHttpServer(EventLoopGroup loop, AdminServer server, int port) {
        this.loop = loop;
        this.server = server;
        this.port = port;
    }

    /** @param routes more paths, asked in order before the built-in ones */
    public static OperatorHttpServer start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready,
                                           List<AdminRoute> routes) throws InterruptedException {
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("operator-http", true));
        AdminServer server = new AdminServer(registry, ready, "not ready", LivenessProbe.ALWAYS, routes);
        try {
            return new OperatorHttpServer(loop, server, server.start(loop, NioServerSocketChannel.class, "0.0.0.0", port));
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
