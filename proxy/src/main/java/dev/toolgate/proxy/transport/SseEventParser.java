package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a Server-Sent Events byte stream into whole events (each up to and including its blank line) as chunks
 * arrive, without decoding anything: an event split across chunks is held until it is complete, so it can be
 * inspected whole or written out unchanged. Lines end in LF or CRLF. The chunks fed stay the caller's (only read);
 * the events are copies on the heap, free of reference counting.
 */
public final class SseEventParser {
    private final ByteBuf pending = Unpooled.buffer(256);
    private int scanned;
    private int lineStart;

    /** The events completed by this chunk, in order; their bytes are exactly the stream's. */
    public List<ByteBuf> feed(ByteBuf chunk) {
        pending.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        List<ByteBuf> events = List.of();
        int length = pending.writerIndex();
        int eventStart = 0;
        for (int i = scanned; i < length; i++) {
            if (pending.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && pending.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd == lineStart) {
                if (events.isEmpty()) {
                    events = new ArrayList<>(2);
                }
                events.add(pending.copy(eventStart, i + 1 - eventStart));
                eventStart = i + 1;
            }
            lineStart = i + 1;
        }
        if (eventStart > 0) {
            pending.readerIndex(eventStart);
            pending.discardReadBytes();
            lineStart -= eventStart;
        }
        scanned = pending.writerIndex();
        return events;
    }

    /** True between events: a good moment to write a keep-alive comment. */
    public boolean atBoundary() {
        return pending.writerIndex() == 0;
    }

    /** How many bytes of an incomplete event are held. */
    public int held() {
        return pending.writerIndex();
    }

    /** The bytes of an incomplete last event, at the end of the stream. */
    public ByteBuf remainder() {
        return pending.copy();
    }
}
