package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
        // an event nearly always starts and ends within one chunk: then it is cut from the chunk itself, and only an
        // incomplete rest is held, instead of every byte passing through the held buffer first
        boolean direct = !pending.isReadable();
        if (!direct) {
            pending.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        }
        ByteBuf source = direct ? chunk : pending;
        int from = source.readerIndex();
        int end = source.writerIndex();
        List<ByteBuf> events = List.of();
        int eventStart = from;
        int line = from + lineStart;
        for (int i = from + scanned; i < end; i++) {
            if (source.getByte(i) != '\n') {
                continue;
            }
            int lineEnd = i > line && source.getByte(i - 1) == '\r' ? i - 1 : i;
            if (lineEnd == line) {
                if (events.isEmpty()) {
                    events = new ArrayList<>(2);
                }
                // on the heap whatever the chunk's buffer: the caller keeps events without reference counting
                events.add(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(source, eventStart, i + 1 - eventStart)));
                eventStart = i + 1;
            }
            line = i + 1;
        }
        if (direct) {
            pending.writeBytes(chunk, eventStart, end - eventStart);
        } else if (eventStart > from) {
            pending.readerIndex(eventStart);
            pending.discardReadBytes();
        }
        lineStart = line - eventStart;
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
