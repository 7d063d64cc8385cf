package dev.toolgate.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The floor under any user-space proxy on this machine: a byte pipe on Netty's epoll transport that gives each client
 * connection its own upstream connection on the same event loop and copies bytes both ways, without reading them
 * (no HTTP, no pooling, nothing else). What it costs is the kernel's loopback TCP, the wake-ups and Netty's read and
 * write path; a proxy that understands HTTP cannot cost less. Used with {@code --relay tcp} in place of the
 * {@link BareRelay}.
 *
 * <pre>java -cp benchmarks.jar dev.toolgate.bench.load.TcpRelay PORT UPSTREAM_URL [EVENT_LOOPS]</pre>
 * A connection whose first bytes are {@code GET /ready} is answered 200 by the relay itself, for the benchmark's
 * readiness check.
 */
public final class TcpRelay {
    private static final byte[] READY = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nready"
            .getBytes(StandardCharsets.US_ASCII);

    private TcpRelay() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : Math.min(2, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = new EpollEventLoopGroup(loops);
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new ClientSide(upstream));
                    }
                })
                .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }

    /** The client's connection: opens its upstream connection on its own event loop, then pipes. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {
        private final URI upstream;
        private Channel peer;
        private boolean first = true;

        ClientSide(URI upstream) {
            this.upstream = upstream;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Pipe(client))
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

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            if (first) {
                first = false;
                if (bytes.toString(StandardCharsets.US_ASCII).startsWith("GET /ready")) {
                    bytes.release();
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(READY)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            Pipe.forward(bytes, ctx.channel(), peer);
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

    /** The upstream side: what it reads goes to the client. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel client;

        Pipe(Channel client) {
            this.client = client;
        }

        /** Writes to {@code to}, and reads more from {@code from} once the write is out (backpressure). */
        static void forward(ByteBuf bytes, Channel from, Channel to) {
            to.writeAndFlush(bytes).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    from.read();
                } else {
                    from.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            forward((ByteBuf) msg, ctx.channel(), client);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
