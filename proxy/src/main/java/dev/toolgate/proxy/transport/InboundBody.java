package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;

import java.util.function.Consumer;

/**
 * A message body as it arrives from a peer, a request's or a response's: chunks lent to the handler for the length
 * of the call (copy or retain what must be kept), then the end.
 */
public abstract class InboundBody {
    private Consumer<ByteBuf> handler;
    private Runnable endHandler;
    private boolean ended;

    InboundBody() {
    }

    /** The body's chunks, each valid only during the call. */
    public void handler(Consumer<ByteBuf> handler) {
        this.handler = handler;
    }

    public void endHandler(Runnable endHandler) {
        this.endHandler = endHandler;
    }

    /** Passes on one chunk the connection read; {@code last} ends the body. */
    void deliver(ByteBuf chunk, boolean last) {
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

    /** True once the whole body has come. */
    public boolean isEnded() {
        return ended;
    }

    /** There is no (more) body to wait for. */
    void markEnded() {
        ended = true;
    }
}
