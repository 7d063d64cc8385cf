package dev.toolgate.proxy.exchange;

import dev.toolgate.proxy.transport.Replies;

/** Reading a request's {@code Accept} header, as far as the proxy needs it. */
final class AcceptHeader {
    /** Media ranges read at most: the header is the client's, and nothing legitimate lists more. */
    private static final int MAX_RANGES = 32;

    private AcceptHeader() {
    }

    /**
     * True when {@code accept} names {@code text/event-stream} itself (any case, any parameters except {@code q=0}):
     * Streamable HTTP clients list it, and only then may a POST be answered with a stream. Wildcards do not count: a
     * client that did not name the stream may not read one.
     */
    static boolean acceptsEventStream(String accept) {
        if (accept == null) {
            return false;
        }
        String[] ranges = accept.split(",", MAX_RANGES + 1);
        for (int i = 0; i < Math.min(ranges.length, MAX_RANGES); i++) {
            String[] parts = ranges[i].split(";");
            if (parts[0].strip().equalsIgnoreCase(Replies.TEXT_EVENT_STREAM) && !refused(parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
            if (parameter.matches("q=0(\\.0{0,3})?")) {
                return true;
            }
        }
        return false;
    }
}
