package dev.toolgate.proxy.counters;

import java.util.Locale;

/** What a call that needs a counter gets while the shared store cannot answer. */
public enum FailureMode {
    /** Refused, with a reason saying the limit store is unavailable (the default: a limit is never silently open). */
    CLOSED,
    /** Counted in this pod alone against {@code max ÷ replicas} (rounded down, at least 1) of each limit. */
    LOCAL;

    /** {@code closed} or {@code local}, as written in flags and the McpServer. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureMode of(String text) {
        for (FailureMode mode : values()) {
            if (mode.text().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("the Redis failure mode is closed or local, got: " + text);
    }
}
