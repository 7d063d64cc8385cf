package dev.toolgate.proxy.exchange;

import java.time.Duration;

/** Durations as error messages show them: whole seconds as "30 s", anything else as "300 ms". */
final class Durations {
    private Durations() {
    }

    static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
