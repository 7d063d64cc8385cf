package dev.toolgate.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;

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
        URI upstream = URI.create(args[1]);
        PairedConnections.listen(Integer.parseInt(args[0]), PairedConnections.loops(args, 2),
                () -> new ChannelHandler[] {new ClientSide(upstream)});
    }

    /** Writes to {@code to}, and reads more from {@code from} once the write is out (backpressure). */
    private static void forward(Object bytes, Channel from, Channel to) {
        to.writeAndFlush(bytes).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                from.read();
            } else {
                from.close();
            }
        });
    }

    /** The client's connection: pairs with its upstream connection, whose side writes to it, then pipes. */
    private static final class ClientSide extends PairedConnections.ClientSide {
        private boolean first = true;

        ClientSide(URI upstream) {
            super(upstream, TcpRelay::forward);
        }

        @Override
        ChannelHandler[] upstreamPipeline(Channel client) {
            return new ChannelHandler[] {new PairedConnections.Side(client, TcpRelay::forward)};
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
            super.channelRead(ctx, msg);
        }
    }
}
