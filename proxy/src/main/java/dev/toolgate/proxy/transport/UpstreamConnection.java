package dev.toolgate.proxy.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/** The handler at the end of an upstream connection's pipeline: passes what it reads to the request in flight on it. */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private final UpstreamClient client;
    private UpstreamRequest current;
    private Throwable failure;

    UpstreamConnection(UpstreamClient client) {
        this.client = client;
    }

    void begin(UpstreamRequest request) {
        current = request;
    }

    /** The exchange is complete: the connection goes back to the pool, or is closed when it cannot be reused. */
    void end(ChannelHandlerContext ctx, boolean reusable) {
        current = null;
        if (reusable) {
            ctx.channel().config().setAutoRead(true);
            client.release(ctx.channel());
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current == null) {
            // nothing was asked on this connection: an upstream that talks out of turn loses it
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.received(ctx, this, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.forget(ctx.channel());
        UpstreamRequest request = current;
        current = null;
        if (request != null) {
            request.connectionClosed(failure != null ? failure : new IOException("the upstream closed the connection"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a codec's failure (a body that cannot be decompressed, say) is an answer the proxy cannot read
        failure = cause instanceof DecoderException ? new UnreadableResponse(UnreadableResponse.BROKEN, cause) : cause;
        ctx.close();
    }
}
