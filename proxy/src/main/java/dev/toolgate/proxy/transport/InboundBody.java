package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;

import java.util.function.Consumer;

/**
 * A message body as it arrives from a peer, a request's or a response's: chunks lent to the handler for the length
 * of the call (copy or retain what must be kept), then the end.
 */
public abstract class InboundBody {
    private Consumer<ByteBuf> handler;
    private Runnable endHandler;
    private boolean ended;
    /** Chunks kept while the body is held (copied: a lent chunk is released after the call); null when not held. */
    private ByteArrayOutputStream held;
    private long holdLimit;
    private boolean endHeld;

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
        if (held != null) {
            keep(chunk);
            if (last) {
                ended = true;
                endHeld = true;
            }
            return;
        }
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

    /**
     * Keeps what arrives instead of handing it on, until {@link #resume()}: for a request whose handler is chosen
     * only once something slower (a token check off the event loop) has answered. At most {@code limit + 1} bytes are
     * kept: whoever reads the body on resume sees it is over {@code limit}, and nothing past that is stored.
     */
    public void hold(long limit) {
        held = new ByteArrayOutputStream();
        holdLimit = Math.min(limit, Integer.MAX_VALUE - 16);
    }

    /** Hands what was kept to the handler now set, then the end if it came; arriving chunks go straight on again. */
    public void resume() {
        ByteArrayOutputStream kept = held;
        held = null;
        if (kept == null) {
            return;
        }
        if (kept.size() > 0 && handler != null) {
            handler.accept(Unpooled.wrappedBuffer(kept.toByteArray()));
        }
        if (endHeld && endHandler != null) {
            endHandler.run();
        }
    }

    private void keep(ByteBuf chunk) {
        long room = holdLimit + 1 - held.size();
        int take = (int) Math.min(room, chunk.readableBytes());
        if (take > 0) {
            byte[] bytes = new byte[take];
            chunk.getBytes(chunk.readerIndex(), bytes);
            held.writeBytes(bytes);
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
