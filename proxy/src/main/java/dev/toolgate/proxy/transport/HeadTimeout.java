package dev.toolgate.proxy.transport;

import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.time.Duration;

/**
 * Bounds the time a request head may take, so a client sending a byte now and then cannot hold a connection: the
 * first head must be complete within the timeout of the connection opening, each later one within the timeout of
 * its first byte (between requests a kept-alive connection waits up to the idle timeout). On expiry a fixed 408 is
 * written and the connection closed. It sits before the HTTP decoder (it sees the bytes arrive); the
 * {@link ClientConnection} after the decoder says when a head is complete and when an exchange is over. The deadline
 * is one of the event loop's {@link Deadlines}, not a timer of its own.
 */
public final class HeadTimeout extends ChannelInboundHandlerAdapter {
    private final Deadlines deadlines;
    private final Duration timeout;
    private ChannelHandlerContext ctx;
    private Deadlines.Deadline deadline;
    /** Between exchanges: the next bytes start a head. */
    private boolean awaitingHead = true;

    public HeadTimeout(Deadlines deadlines, Duration timeout) {
        this.deadlines = deadlines;
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm(); // a connection that never sends a byte is cut off like one that never finishes its head
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingHead && deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    /** The decoder produced a head and it is being served: its body and answer have timeouts of their own. */
    void headArrived() {
        awaitingHead = false;
        disarm();
    }

    /** The exchange is over and the connection stays open: the next head's time starts with its first byte. */
    void exchangeEnded() {
        awaitingHead = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm() {
        deadline = deadlines.arm(timeout, this::expired);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    private void expired() {
        deadline = null;
        if (ctx.channel().isActive()) {
            // written below the HTTP codec: no response of this connection has begun, the head never completed
            ctx.writeAndFlush(Replies.raw(408, "Request Timeout", JsonRpcErrors.INVALID_REQUEST,
                    "Request Timeout: the request head did not arrive in time"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
