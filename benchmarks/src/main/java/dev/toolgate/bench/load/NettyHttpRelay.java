package dev.toolgate.bench.load;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP-aware relay on plain Netty, for comparison with the {@link BareRelay} on Vert.x and the {@link TcpRelay}
 * byte pipe: Netty's HTTP codec on both legs (each request and response decoded into messages and encoded again),
 * each client connection with its own keep-alive upstream connection on the same event loop, and nothing else. It
 * shows what an HTTP hop costs without Vert.x's request, response and connection-pool layers. Used with
 * {@code --relay netty-http}.
 *
 * <pre>java -cp benchmarks.jar dev.toolgate.bench.load.NettyHttpRelay PORT UPSTREAM_URL [EVENT_LOOPS]</pre>
 * {@code GET /ready} answers 200. It reads on as soon as it has written, with no backpressure of its own: enough for the
 * benchmark's small answers, not for a slow client on a long stream.
 */
public final class NettyHttpRelay {
    private NettyHttpRelay() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI upstream = URI.create(args[1]);
        PairedConnections.listen(Integer.parseInt(args[0]), PairedConnections.loops(args, 2),
                () -> new ChannelHandler[] {new HttpServerCodec(), new ClientSide(upstream)});
    }

    /** Writes a message to {@code to}, flushing at the end of a message, and reads on from {@code from}. */
    private static void forward(Object message, Channel from, Channel to) {
        if (message instanceof LastHttpContent) {
            to.writeAndFlush(message);
        } else {
            to.write(message);
        }
        from.read();
    }

    /** The client's connection: pairs with its upstream connection; messages go across as decoded. */
    private static final class ClientSide extends PairedConnections.ClientSide {
        ClientSide(URI upstream) {
            super(upstream, NettyHttpRelay::forward);
        }

        @Override
        ChannelHandler[] upstreamPipeline(Channel client) {
            return new ChannelHandler[] {new HttpClientCodec(), new UpstreamSide(client)};
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.uri().equals("/ready")) {
                ReferenceCountUtil.release(msg);
                DefaultFullHttpResponse ready = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer("ready", StandardCharsets.US_ASCII));
                ready.headers().set(HttpHeaderNames.CONTENT_LENGTH, 5);
                ctx.writeAndFlush(ready).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            super.channelRead(ctx, msg);
        }
    }

    /** The upstream side: responses go to the client as they are decoded, flushed at the end of each read. */
    private static final class UpstreamSide extends PairedConnections.Side {
        UpstreamSide(Channel client) {
            super(client, NettyHttpRelay::forward);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }
    }
}
