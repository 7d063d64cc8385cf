package dev.toolgate.policy.parse;

import java.util.regex.Pattern;

/** Builds the document paths used in error messages: {@code tools.run_workflow.limits[0].window}, {@code tools["*"]}. */
public final class Paths {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private Paths() {
    }

    /** {@code parent.key}, or {@code parent["key"]} when the key holds characters that would confuse the path. */
    public static String field(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** {@code parent[index]}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
