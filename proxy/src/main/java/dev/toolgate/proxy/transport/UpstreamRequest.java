package dev.toolgate.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
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
    /** Between an interim (1xx) head and its end. */
    private boolean interim;
    /** The answer could not be read; what more of it arrives is dropped. */
    private boolean refused;

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
        if (refused) {
            // the rest of an answer already refused, read before the connection's close takes effect: it must not
            // end the exchange as if it were complete (the failure would then reach nobody)
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, connection, new UnreadableResponse(UnreadableResponse.BROKEN, head.decoderResult().cause()));
                return;
            }
            if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // 100 Continue, 102, 103: the final head follows. The decoder ends an interim head with an empty
                // last content of its own, which is not the end of this exchange.
                interim = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!ContentCodings.isIdentity(head.headers().get(HttpHeaderNames.CONTENT_ENCODING))) {
                // gzip and deflate were decoded on the way in; what is left the proxy cannot read, so never passes on
                ReferenceCountUtil.release(msg);
                refuse(ctx, connection, new UnreadableResponse(UnreadableResponse.UNKNOWN_ENCODING,
                        new IOException("Content-Encoding: " + head.headers().get(HttpHeaderNames.CONTENT_ENCODING))));
                return;
            }
            response = new UpstreamResponse(this, head);
            listener.response(response);
        }
        if (msg instanceof HttpContent content) {
            if (interim) {
                interim = !(msg instanceof LastHttpContent);
                content.release();
                return;
            }
            if (content.decoderResult().isFailure()) {
                content.release();
                refuse(ctx, connection, new UnreadableResponse(UnreadableResponse.BROKEN, content.decoderResult().cause()));
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

    /** Gives the answer up: its connection closes, and the listener or the response hears {@code why}. */
    private void refuse(ChannelHandlerContext ctx, UpstreamConnection connection, UnreadableResponse why) {
        refused = true;
        connection.exceptionCaught(ctx, why);
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
