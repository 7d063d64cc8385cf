package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.function.Consumer;

/**
 * A client's request as the endpoint sees it: method, path and headers at once, the body as it arrives (each chunk
 * lent to the handler for the length of the call), and the {@link ClientResponse} that answers it.
 */
public final class ClientRequest {
    private final ChannelHandlerContext ctx;
    private final HttpRequest head;
    private final ClientResponse response;
    private Consumer<ByteBuf> handler;
    private Runnable endHandler;
    private boolean ended;
    private boolean broken;

    ClientRequest(ChannelHandlerContext ctx, HttpRequest head, ClientConnection connection) {
        this.ctx = ctx;
        this.head = head;
        this.response = new ClientResponse(ctx, head, connection, this);
    }

    public HttpMethod method() {
        return head.method();
    }

    /** The path without the query; an absolute-form target ({@code http://host/mcp}) gives its path too. */
    public String path() {
        String uri = head.uri();
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && scheme < uri.indexOf('/') + 1) {
            int slash = uri.indexOf('/', scheme + 3);
            start = slash < 0 ? uri.length() : slash;
        }
        int query = uri.indexOf('?', start);
        String path = uri.substring(start, query < 0 ? uri.length() : query);
        return path.isEmpty() ? "/" : path;
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    public String getHeader(CharSequence name) {
        return head.headers().get(name);
    }

    public String host() {
        return head.headers().get(HttpHeaderNames.HOST);
    }

    /** The client sent {@code Expect: 100-continue} and waits for a go-ahead before its body. */
    public boolean expectsContinue() {
        return HttpUtil.is100ContinueExpected(head);
    }

    public ClientResponse response() {
        return response;
    }

    /** The body's chunks, each valid only during the call: copy what must be kept. */
    public void handler(Consumer<ByteBuf> handler) {
        this.handler = handler;
    }

    public void endHandler(Runnable endHandler) {
        this.endHandler = endHandler;
    }

    /** True once the whole body has been read. */
    public boolean isEnded() {
        return ended;
    }

    /** Closes the client's connection. */
    public void close() {
        ctx.close();
    }

    void content(ByteBuf chunk, boolean last) {
        if (chunk.isReadable() && handler != null) {
            handler.accept(chunk);
        }
        if (last) {
            ended = true;
            if (endHandler != null) {
                endHandler.run();
            }
        }
    }

    /** The head could not be read: there is no body to wait for, and what follows on the connection is unknown. */
    void markBroken() {
        ended = true;
        broken = true;
    }

    boolean isBroken() {
        return broken;
    }
}
