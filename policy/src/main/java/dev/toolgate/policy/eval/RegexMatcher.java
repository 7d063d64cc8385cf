package dev.toolgate.policy.eval;

import com.google.re2j.Pattern;

/**
 * An RE2/J regex (linear time whatever the input or pattern) with a small memo of recent results: tool
 * arguments repeat (the same workflow names, repositories, branches), and a cold RE2/J match of a character
 * class pattern costs about half a microsecond. The memo is direct-mapped (256 slots, inputs up to 256 chars),
 * so its memory is bounded; slots hold immutable entries, so racing threads can only overwrite, never corrupt.
 */
public final class RegexMatcher {
    private static final int SLOTS = 256;
    private static final int MAX_MEMO_LENGTH = 256;

    private record Entry(String input, boolean found) {
    }

    private final Pattern pattern;
    private final Entry[] memo = new Entry[SLOTS];

    public RegexMatcher(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    /** True when the regex matches somewhere in the input (unanchored, like Intercept's). */
    public boolean find(String input) {
        if (input.length() > MAX_MEMO_LENGTH) {
            return pattern.matcher(input).find();
        }
        int slot = input.hashCode() & (SLOTS - 1);
        Entry entry = memo[slot];
        if (entry != null && entry.input.equals(input)) {
            return entry.found;
        }
        boolean found = pattern.matcher(input).find();
        memo[slot] = new Entry(input, found);
        return found;
    }
}
