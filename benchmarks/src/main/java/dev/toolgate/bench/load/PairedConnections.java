package dev.toolgate.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

import java.net.URI;
import java.util.function.Supplier;

/**
 * What the benchmark's relays on plain Netty ({@link TcpRelay}, {@link NettyHttpRelay}) share: a listening socket on
 * the epoll transport, and for each client connection an upstream connection of its own, opened on the client's
 * event loop, so nothing crosses threads. Both sides read only when asked ({@code AUTO_READ} off) and close together.
 */
final class PairedConnections {
    private PairedConnections() {
    }

    /** Serves 127.0.0.1:{@code port} on {@code loops} event loops until the process ends. */
    static void listen(int port, int loops, Supplier<ChannelHandler[]> clientPipeline) throws InterruptedException {
        new ServerBootstrap().group(new EpollEventLoopGroup(loops)).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(initializer(clientPipeline))
                .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }

    /** The default number of event loops, as the proxy's: {@code min(2, cores)}. */
    static int loops(String[] args, int at) {
        return args.length > at ? Integer.parseInt(args[at]) : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    private static ChannelInitializer<SocketChannel> initializer(Supplier<ChannelHandler[]> pipeline) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(pipeline.get());
            }
        };
    }

    /** How a relay passes what one side read to the other side. */
    @FunctionalInterface
    interface Forward {
        void forward(Object message, Channel from, Channel to);
    }

    /**
     * One side of a pair: passes what it reads to the other side's channel with the relay's {@link Forward}, and closes
     * that channel when this one closes or fails.
     */
    static class Side extends ChannelInboundHandlerAdapter {
        private final Forward forward;
        Channel peer;

        Side(Channel peer, Forward forward) {
            this.peer = peer;
            this.forward = forward;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            forward.forward(msg, ctx.channel(), peer);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The client's side: opens its upstream connection on its own event loop when it becomes active, then reads both. */
    abstract static class ClientSide extends Side {
        private final URI upstream;

        ClientSide(URI upstream, Forward forward) {
            super(null, forward);
            this.upstream = upstream;
        }

        /** The upstream connection's handlers, which pass what they read to {@code client}. */
        abstract ChannelHandler[] upstreamPipeline(Channel client);

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(initializer(() -> upstreamPipeline(client)))
                    .connect(upstream.getHost(), upstream.getPort())
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            peer = connected.channel();
                            peer.read();
                            client.read();
                        } else {
                            client.close();
                        }
                    });
        }
    }
}
