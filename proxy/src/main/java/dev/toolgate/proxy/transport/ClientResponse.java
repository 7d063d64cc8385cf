package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The answer to one {@link ClientRequest}: status and headers are set first and go out with the first body bytes, so
 * a response's head and its first chunk (or all of a short one) leave in one write. Writes are flushed at once; the
 * caller watches {@link #writeQueueFull()} and {@link #drainHandler} for backpressure.
 */
public final class ClientResponse {
    private final ChannelHandlerContext ctx;
    private final HttpVersion version;
    private final boolean keepAliveAsked;
    private final ClientConnection connection;
    private final ClientRequest request;
    private final HttpHeaders headers = new DefaultHttpHeaders(false);
    private HttpResponseStatus status = HttpResponseStatus.OK;
    private boolean chunked;
    private boolean headWritten;
    private boolean ended;
    private boolean closed;
    private Runnable closeHandler;
    private Runnable drainHandler;

    ClientResponse(ChannelHandlerContext ctx, HttpRequest head, ClientConnection connection, ClientRequest request) {
        this.ctx = ctx;
        this.version = head.protocolVersion();
        this.keepAliveAsked = HttpUtil.isKeepAlive(head);
        this.connection = connection;
        this.request = request;
    }

    public ClientResponse setStatusCode(int code) {
        status = HttpResponseStatus.valueOf(code);
        return this;
    }

    /** The status with the upstream's own reason phrase, when it sent one. */
    public ClientResponse setStatus(int code, String reason) {
        status = reason == null || reason.isEmpty() ? HttpResponseStatus.valueOf(code) : new HttpResponseStatus(code, reason);
        return this;
    }

    public int statusCode() {
        return status.code();
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ClientResponse putHeader(CharSequence name, Object value) {
        headers.set(name, value);
        return this;
    }

    /** Streams the body in chunks of unknown total length. */
    public ClientResponse setChunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    /** Writes a body chunk (taking ownership of it), the head first if it has not gone yet. */
    public void write(ByteBuf chunk) {
        if (ended || closed) {
            chunk.release();
            return;
        }
        writeHeadIfNeeded();
        ctx.writeAndFlush(new DefaultHttpContent(chunk), ctx.voidPromise());
    }

    /** Tells a client that sent {@code Expect: 100-continue} to send its body. */
    public void continueNow() {
        if (!headWritten && !closed) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(version, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER),
                    ctx.voidPromise());
        }
    }

    public void end() {
        end(Unpooled.EMPTY_BUFFER);
    }

    /** Ends the response with {@code last} (taking ownership of it); a response whose head has not gone yet is sent whole, with its length. */
    public void end(ByteBuf last) {
        if (ended || closed) {
            last.release();
            return;
        }
        ended = true;
        boolean closes = closesConnection();
        ChannelPromise written = closes ? ctx.newPromise() : ctx.voidPromise();
        if (!headWritten && !chunked) {
            headWritten = true;
            if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, last.readableBytes());
            }
            setConnectionHeader(closes);
            ctx.writeAndFlush(new DefaultFullHttpResponse(version, status, last, headers, EmptyHttpHeaders.INSTANCE), written);
        } else {
            writeHeadIfNeeded();
            if (last.isReadable()) {
                ctx.writeAndFlush(new DefaultLastHttpContent(last), written);
            } else {
                last.release();
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, written);
            }
        }
        if (closes) {
            written.addListener(done -> connection.closeAfterAnswer(request));
        } else {
            connection.responseEnded(request);
        }
    }

    /** The connection ends with this response when the client asked so, or the proxy chose to (an unread body). */
    private boolean closesConnection() {
        return !keepAliveAsked || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }

    /** HTTP/1.0 keeps a connection only when the response says so; HTTP/1.1 closes it only when it says so. */
    private void setConnectionHeader(boolean closes) {
        if (closes) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!version.isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void writeHeadIfNeeded() {
        if (!headWritten) {
            headWritten = true;
            if (chunked) {
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            setConnectionHeader(closesConnection());
            // not flushed: it leaves with the first chunk
            ctx.write(new DefaultHttpResponse(version, status, headers), ctx.voidPromise());
        }
    }

    public boolean ended() {
        return ended;
    }

    /** True once the connection has closed under this response. */
    public boolean closed() {
        return closed || !ctx.channel().isActive();
    }

    /** True while the connection's outbound buffer is over its high-water mark. */
    public boolean writeQueueFull() {
        return !ctx.channel().isWritable();
    }

    /** Runs once, when the connection can take writes again. */
    public void drainHandler(Runnable handler) {
        this.drainHandler = handler;
    }

    /** Runs if the connection closes while this response is the one in flight. */
    public void closeHandler(Runnable handler) {
        this.closeHandler = handler;
    }

    /** Breaks off the response: over HTTP/1.1 the only way is closing the connection. */
    public void reset() {
        closed = true;
        ctx.close();
    }

    void writable() {
        Runnable handler = drainHandler;
        drainHandler = null;
        if (handler != null) {
            handler.run();
        }
    }

    void connectionClosed() {
        closed = true;
        if (closeHandler != null) {
            closeHandler.run();
        }
    }
}
