package dev.toolgate.proxy.transport;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import java.util.function.Consumer;

/**
 * The upstream's response as it streams in: the head at once, the body as it arrives, then its end or a failure.
 * {@link #pause()} stops reading from the upstream.
 */
public final class UpstreamResponse extends InboundBody {
    private final UpstreamRequest request;
    private final HttpResponse head;
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
        if (channel.config().isAutoRead() != on) {
            channel.config().setAutoRead(on);
        }
    }

    HttpResponse head() {
        return head;
    }

    void failed(Throwable cause) {
        if (exceptionHandler != null) {
            exceptionHandler.accept(cause);
        }
    }
}
