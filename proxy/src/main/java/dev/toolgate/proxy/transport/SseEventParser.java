package dev.toolgate.proxy.transport;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a Server-Sent Events byte stream into whole events (each up to and including its blank line) as chunks
 * arrive, without decoding anything: an event split across chunks is held until it is complete, so it can be
 * inspected whole or written out unchanged. Lines end in LF or CRLF.
 */
public final class SseEventParser {
    private Buffer pending = Buffer.buffer();
    private int scanned;
    private int lineStart;

    /** The events completed by this chunk, in order; their bytes are exactly the stream's. */
    public List<Buffer> feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        List<Buffer> events = List.of();
        int length = pending.length();
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
                events.add(pending.getBuffer(eventStart, i + 1));
                eventStart = i + 1;
            }
            lineStart = i + 1;
        }
        if (eventStart > 0) {
            pending = pending.getBuffer(eventStart, length);
            lineStart -= eventStart;
        }
        scanned = pending.length();
        return events;
    }

    /** True between events: a good moment to write a keep-alive comment. */
    public boolean atBoundary() {
        return pending.length() == 0;
    }

    /** The bytes of an incomplete last event, at the end of the stream. */
    public Buffer remainder() {
        return pending;
    }
}
