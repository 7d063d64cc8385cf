package dev.toolgate.proxy.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Reading and rewriting the {@code data} of one SSE event as cut by {@link SseEventParser}. */
public final class SseEvents {
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseEvents() {
    }

    /** An SSE comment line: ignored by clients, keeps idle connections from timing out. A new buffer each time: a write consumes it. */
    public static ByteBuf keepAlive() {
        return Unpooled.wrappedBuffer(KEEP_ALIVE);
    }

    /** The event's data lines joined with newlines, or null when it has none. One pass, no list of lines. */
    public static String data(ByteBuf event) {
        String text = event.toString(StandardCharsets.UTF_8);
        String first = null;
        StringBuilder joined = null;
        for (int start = 0, next; start < text.length(); start = next) {
            int newline = text.indexOf('\n', start);
            next = newline < 0 ? text.length() : newline + 1;
            int end = newline < 0 ? text.length() : newline > start && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
            if (!text.startsWith("data", start) || end > start + 4 && text.charAt(start + 4) != ':') {
                continue;
            }
            int from = Math.min(start + 5, end);
            String value = text.substring(from < end && text.charAt(from) == ' ' ? from + 1 : from, end);
            if (first == null) {
                first = value;
            } else {
                joined = (joined == null ? new StringBuilder(first) : joined).append('\n').append(value);
            }
        }
        return joined == null ? first : joined.toString();
    }

    /** The same event (id, event type, retry kept) with its data replaced by one line of {@code json}. */
    public static ByteBuf withData(ByteBuf event, String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        boolean written = false;
        for (String line : lines(event)) {
            if (line.isEmpty()) {
                continue;
            }
            if (isData(line)) {
                if (!written) {
                    out.append("data: ").append(json).append('\n');
                    written = true;
                }
            } else {
                out.append(line).append('\n');
            }
        }
        return Unpooled.copiedBuffer(out.append('\n'), StandardCharsets.UTF_8);
    }

    /** A new event carrying one JSON-RPC message, as MCP servers send them. */
    public static ByteBuf message(String json) {
        return Unpooled.copiedBuffer("event: message\ndata: " + json + "\n\n", StandardCharsets.UTF_8);
    }

    private static java.util.List<String> lines(ByteBuf event) {
        String text = event.toString(StandardCharsets.UTF_8);
        java.util.List<String> lines = new java.util.ArrayList<>(4);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(text.substring(start, end));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static boolean isData(String line) {
        return line.startsWith("data:") || line.equals("data");
    }
}
