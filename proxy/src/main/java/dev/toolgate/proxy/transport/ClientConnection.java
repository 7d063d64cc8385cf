package dev.toolgate.proxy.transport;

import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's HTTP/1.1 connection: each request goes to the endpoint as a {@link ClientRequest}, its body after it,
 * one exchange at a time. A request that comes while the previous response is still being written (pipelining) waits,
 * with reading paused, until that response has ended. Idle connections are closed; heads are timed by the
 * {@link HeadTimeout} before the decoder.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientConnection.class);
    private final Consumer<ClientRequest> endpoint;
    private final HeadTimeout headTimeout;
    /** Decoded messages not yet handed on: only ever more than one while a pipelined request waits. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    /** The exchange being read or answered; null between exchanges. */
    private ClientRequest current;
    private boolean draining;
    private boolean paused;
    /** The answer that ends the connection is written; what the client still sends is read and dropped. */
    private boolean closing;

    /** @param headTimeout the handler before the decoder that times heads, told when one is complete */
    public ClientConnection(Consumer<ClientRequest> endpoint, HeadTimeout headTimeout) {
        this.endpoint = endpoint;
        this.headTimeout = headTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        waiting.add(msg);
        drain();
    }

    /** Hands on what may go now; re-entered from an answer written while handing on, it leaves the work to the outer call. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!waiting.isEmpty() && !(current != null && current.isEnded())) {
                dispatch(waiting.poll());
                finishIfDone();
            }
        } finally {
            draining = false;
        }
        boolean pause = !waiting.isEmpty();
        if (pause != paused) {
            paused = pause;
            ctx.channel().config().setAutoRead(!pause);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest head) {
            headTimeout.headArrived();
            current = new ClientRequest(ctx, head, this);
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                Throwable cause = head.decoderResult().cause();
                current.markBroken();
                boolean tooLong = cause instanceof TooLongFrameException;
                LOG.debug("unreadable request head: {}", cause.toString());
                Replies.errorAndClose(current, tooLong ? 431 : 400, JsonRpcErrors.INVALID_REQUEST, tooLong
                        ? "Request Header Fields Too Large: the request line or the headers are over the limit"
                        : "Bad Request: the HTTP request head could not be read");
                return;
            }
            endpoint.accept(current);
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                content.release();
                ctx.close(); // a body that cannot be read (a broken chunk): nothing of it is used
                return;
            }
            try {
                if (current != null && !current.isEnded()) {
                    current.deliver(content.content(), msg instanceof LastHttpContent);
                }
            } finally {
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Called by the response once its end is written. */
    void responseEnded(ClientRequest request) {
        if (request == current && request.isEnded()) {
            current = null;
            headTimeout.exchangeEnded();
            if (!waiting.isEmpty()) {
                drain();
            }
        }
    }

    /**
     * The answer that closes the connection has been written. When the client may still be sending (a body the proxy
     * did not read, a head it could not), closing at once would make the kernel reset the connection and could destroy
     * the answer before the client reads it; so only the sending side is shut, and what comes is dropped until the
     * client closes, or for two seconds at most.
     */
    void closeAfterAnswer(ClientRequest request) {
        if (request.isEnded() && !request.isBroken() || !(ctx.channel() instanceof DuplexChannel duplex)) {
            ctx.close();
            return;
        }
        closing = true;
        current = null;
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ctx.channel().config().setAutoRead(true);
        duplex.shutdownOutput();
        ctx.executor().schedule((Runnable) ctx::close, 2, TimeUnit.SECONDS);
    }

    private void finishIfDone() {
        if (current != null && current.isEnded() && current.response().ended()) {
            current = null;
            headTimeout.exchangeEnded();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null && ctx.channel().isWritable()) {
            current.response().writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientRequest request = current;
        current = null;
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        if (request != null) {
            request.response().connectionClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection failed; closing it", cause);
        ctx.close();
    }
}
