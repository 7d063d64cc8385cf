package dev.toolgate.proxy.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Turns a verified token's claims into an identity and grants. Claims come from the issuer, but their sizes are
 * bounded all the same (they become counter keys, audit fields and metric-free policy inputs): an identity of at most
 * {@value #MAX_IDENTITY} characters, at most {@value #MAX_GRANTS} grants of at most {@value #MAX_GRANT} characters,
 * none with control characters. A token beyond the bounds is refused, not trimmed.
 */
final class ClaimsMapping {
    static final int MAX_IDENTITY = 256;
    static final int MAX_GRANTS = 64;
    static final int MAX_GRANT = 256;

    private ClaimsMapping() {
    }

    /** The identity claim as a bounded string, or empty when it is missing, not a string or out of bounds. */
    static Optional<String> identity(Object claim) {
        return claim instanceof String value && acceptable(value, MAX_IDENTITY) ? Optional.of(value) : Optional.empty();
    }

    /**
     * A claim read as a list of words: a JSON array of strings, or one space-separated string ({@code scope}).
     * Empty when it is missing; {@code null} when it is there but unusable (wrong type, out of bounds).
     */
    static List<String> words(Object claim) {
        if (claim == null) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        if (claim instanceof String value) {
            if (value.length() > MAX_GRANTS * (MAX_GRANT + 1)) {
                return null;
            }
            for (String word : value.strip().split(" +")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        } else if (claim instanceof Collection<?> values) {
            if (values.size() > MAX_GRANTS) {
                return null;
            }
            for (Object value : values) {
                if (!(value instanceof String word)) {
                    return null;
                }
                words.add(word);
            }
        } else {
            return null;
        }
        if (words.size() > MAX_GRANTS || !words.stream().allMatch(word -> acceptable(word, MAX_GRANT))) {
            return null;
        }
        return List.copyOf(words);
    }

    private static boolean acceptable(String value, int max) {
        return !value.isEmpty() && value.length() <= max && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
