package dev.toolgate.policy.model;

/**
 * A counter's fixed window, {@code seconds} long. Windows are aligned to the Unix epoch in UTC, so
 * {@link #MINUTE}, {@link #HOUR} and {@link #DAY} are the UTC calendar minute, hour and day (UTC has no
 * daylight saving) and a window of N seconds starts at every multiple of N seconds since 1970-01-01T00:00:00Z.
 *
 * @param seconds the window length, at least 1
 */
public record Window(long seconds) {
    public static final Window SECOND = new Window(1);
    public static final Window MINUTE = new Window(60);
    public static final Window HOUR = new Window(3600);
    public static final Window DAY = new Window(86400);

    public Window {
        if (seconds < 1) {
            throw new IllegalArgumentException("a window is at least 1 second long, got " + seconds);
        }
    }

    /** The named window for {@code second|minute|hour|day}, or null. */
    public static Window named(String name) {
        return switch (name) {
            case "second" -> SECOND;
            case "minute" -> MINUTE;
            case "hour" -> HOUR;
            case "day" -> DAY;
            default -> null;
        };
    }

    /** {@code second}, {@code minute}, {@code hour}, {@code day}, or null for other lengths. */
    public String name() {
        if (seconds == 1) {
            return "second";
        } else if (seconds == 60) {
            return "minute";
        } else if (seconds == 3600) {
            return "hour";
        } else if (seconds == 86400) {
            return "day";
        }
        return null;
    }

    /** The start (epoch second) of the window holding {@code epochSecond}. */
    public long start(long epochSecond) {
        return epochSecond - Math.floorMod(epochSecond, seconds);
    }

    /** For messages: "minute" or "60 seconds". */
    public String describe() {
        String name = name();
        return name != null ? name : seconds + " seconds";
    }
}
