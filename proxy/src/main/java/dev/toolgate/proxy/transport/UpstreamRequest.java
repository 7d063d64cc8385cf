package dev.toolgate.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * One request sent to the upstream, from the connection it goes out on to the end of its response. Its listener hears
 * once: the response's head, or why there is none. {@link #reset()} breaks it off, closing its connection.
 */
public final class UpstreamRequest {
    /** Hears how the request went: once, on the event loop. */
    public interface Listener {
        /** The response's head has arrived; set the response's handlers now, its body follows. */
        void response(UpstreamResponse response);

        /** No response: the connection could not be opened, failed or closed, or the request was reset. */
        void failed(Throwable cause);
    }

    private final Listener listener;
    private Channel channel;
    private UpstreamResponse response;
    private boolean done;
    private boolean reset;
    private boolean written;

    UpstreamRequest(Listener listener) {
        this.listener = listener;
    }

    /** The connection being opened for it: a reset closes it, which fails the connect and so reports the reset. */
    void connecting(Channel channel) {
        this.channel = channel;
    }

    void start(Channel channel, FullHttpRequest request) {
        this.channel = channel;
        if (reset) {
            request.release();
            channel.close();
            return;
        }
        channel.pipeline().get(UpstreamConnection.class).begin(this);
        written = true;
        channel.writeAndFlush(request, channel.voidPromise());
    }

    /**
     * True once the request was handed to its connection for writing: from then on some of it may have reached the
     * upstream (and the call may have run), so the proxy can no longer treat it as never sent.
     */
    public boolean written() {
        return written;
    }

    void connectFailed(Throwable cause) {
        connectionClosed(cause);
    }

    /** Breaks the exchange off by closing its connection; the listener or the response hears of it. */
    public void reset() {
        if (done) {
            return;
        }
        reset = true;
        channel.close(); // its close, or the failed connect of one still opening, reports it
    }

    void received(ChannelHandlerContext ctx, UpstreamConnection connection, Object msg) {
        if (msg instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                connection.exceptionCaught(ctx, new IOException("unreadable response: " + head.decoderResult().cause().getMessage()));
                return;
            }
            if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(msg);
                return; // 100 Continue and the like: the real head follows
            }
            response = new UpstreamResponse(this, head);
            listener.response(response);
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                content.release();
                connection.exceptionCaught(ctx, new IOException("unreadable response body: " + content.decoderResult().cause().getMessage()));
                return;
            }
            boolean last = msg instanceof LastHttpContent;
            try {
                if (response != null) {
                    response.deliver(content.content(), last);
                }
            } finally {
                content.release();
            }
            if (last && !done) {
                done = true;
                connection.end(ctx, !reset && response != null && HttpUtil.isKeepAlive(response.head()));
            }
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The connection failed to open, failed or closed: whoever is listening hears why, once. */
    void connectionClosed(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        Throwable why = reset ? new IOException("reset") : cause;
        if (response == null) {
            listener.failed(why);
        } else {
            response.failed(why);
        }
    }

    Channel channel() {
        return channel;
    }
}
