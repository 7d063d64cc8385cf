package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import java.util.function.Consumer;

/**
 * The upstream's response as it streams in: the head at once, the body in chunks (each lent to the handler for the
 * length of the call), then its end or a failure. {@link #pause()} stops reading from the upstream.
 */
public final class UpstreamResponse {
    private final UpstreamRequest request;
    private final HttpResponse head;
    private Consumer<ByteBuf> handler;
    private Runnable endHandler;
    private Consumer<Throwable> exceptionHandler;

    UpstreamResponse(UpstreamRequest request, HttpResponse head) {
        this.request = request;
        this.head = head;
    }

    public int statusCode() {
        return head.status().code();
    }

    public String statusMessage() {
        return head.status().reasonPhrase();
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    public String getHeader(CharSequence name) {
        return head.headers().get(name);
    }

    public UpstreamRequest request() {
        return request;
    }

    /** The body's chunks, each valid only during the call: copy or retain what must be kept. */
    public void handler(Consumer<ByteBuf> handler) {
        this.handler = handler;
    }

    public void endHandler(Runnable endHandler) {
        this.endHandler = endHandler;
    }

    /** The response broke off (connection failed, closed or reset) before its end. */
    public void exceptionHandler(Consumer<Throwable> exceptionHandler) {
        this.exceptionHandler = exceptionHandler;
    }

    /** Stops reading from the upstream (a chunk already read may still come); {@link #resume()} reads on. */
    public void pause() {
        autoRead(false);
    }

    public void resume() {
        autoRead(true);
    }

    private void autoRead(boolean on) {
        Channel channel = request.channel();
        if (channel != null && channel.config().isAutoRead() != on) {
            channel.config().setAutoRead(on);
        }
    }

    HttpResponse head() {
        return head;
    }

    void chunk(ByteBuf content, boolean last) {
        if (content.isReadable() && handler != null) {
            handler.accept(content);
        }
        if (last && endHandler != null) {
            endHandler.run();
        }
    }

    void failed(Throwable cause) {
        if (exceptionHandler != null) {
            exceptionHandler.accept(cause);
        }
    }
}
