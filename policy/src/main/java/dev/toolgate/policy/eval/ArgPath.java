package dev.toolgate.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;

/** A precompiled {@code args.a.b.0} path: each segment descends into an object field or, when numeric, an array index. */
public final class ArgPath {
    private final String text;
    private final String[] segments;
    private final int[] indexes;

    public ArgPath(String text) {
        this.text = text;
        String rest = text.substring("args.".length());
        this.segments = rest.split("\\.", -1);
        this.indexes = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            indexes[i] = segments[i].matches("\\d{1,9}") ? Integer.parseInt(segments[i]) : -1;
        }
    }

    /** True when {@code text} is {@code args.} followed by non-empty dot-separated segments. */
    public static boolean valid(String text) {
        if (!text.startsWith("args.") || text.length() == "args.".length()) {
            return false;
        }
        for (String segment : text.substring("args.".length()).split("\\.", -1)) {
            if (segment.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public String text() {
        return text;
    }

    /** The value at this path, or null when any step is missing. */
    public JsonNode resolve(JsonNode arguments) {
        JsonNode node = arguments;
        for (int i = 0; i < segments.length && node != null; i++) {
            if (node.isObject()) {
                node = node.get(segments[i]);
            } else if (node.isArray() && indexes[i] >= 0) {
                node = node.get(indexes[i]);
            } else {
                return null;
            }
        }
        return node;
    }
}
