package dev.toolgate.proxy.transport;

import java.io.IOException;

/**
 * An upstream response the proxy cannot read (a broken head or body, a {@code Content-Encoding} it cannot decode),
 * so it is not passed on. The message is a fixed text of the proxy's, fit for the client; the cause is for the log.
 */
public final class UnreadableResponse extends IOException {
    public static final String BROKEN = "its answer could not be read";
    static final String UNKNOWN_ENCODING = "its answer came in a Content-Encoding the proxy cannot decode";

    UnreadableResponse(String reason, Throwable cause) {
        super(reason, cause);
    }
}
