package dev.toolgate.admin;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an {@code Accept} header (RFC 9110 §12.5.1) prefers between two media types: the quality each gets from its
 * most specific matching range ({@code type/subtype} over {@code type/*} over {@code *}{@code /*}). The client controls
 * the header: only its first {@value #MAX_RANGES} ranges are read, and a malformed range is ignored. One reader for
 * the admin port's page (HTML or JSON) and the proxy's POSTs (may the answer be a stream).
 */
public final class AcceptHeader {
    static final int MAX_RANGES = 64;
    private static final int NO_MATCH = 0;
    private static final int EXACT = 3;

    private final List<MediaRange> ranges;

    private AcceptHeader(List<MediaRange> ranges) {
        this.ranges = ranges;
    }

    /** @param values every {@code Accept} header of the request (none: accepts nothing in particular) */
    public static AcceptHeader of(List<String> values) {
        return new AcceptHeader(Arrays.stream(String.join(",", values).split(",", MAX_RANGES + 1)).limit(MAX_RANGES)
                .map(MediaRange::parse).filter(Objects::nonNull).toList());
    }

    /** True when {@code wanted} gets a positive quality higher than {@code other}'s. */
    public boolean prefers(String wanted, String other) {
        double wantedQuality = quality(wanted);
        return wantedQuality > 0 && wantedQuality > quality(other);
    }

    /**
     * True when a range names {@code type/subtype} itself with a positive quality. Wildcards do not count: a Streamable
     * HTTP client that did not name {@code text/event-stream} may not be answered with a stream.
     */
    public boolean names(String mediaType) {
        return ranges.stream().anyMatch(range -> range.specificity(mediaType) == EXACT && range.quality() > 0);
    }

    /** The quality of {@code type/subtype}: that of its most specific matching range, 0 when none matches. */
    double quality(String mediaType) {
        int best = NO_MATCH;
        double quality = 0;
        for (MediaRange range : ranges) {
            int specificity = range.specificity(mediaType);
            if (specificity > best || specificity == best && specificity != NO_MATCH && range.quality() > quality) {
                best = specificity;
                quality = range.quality();
            }
        }
        return quality;
    }

    /** One range: {@code type/subtype}, either part possibly {@code *}, and its {@code q}. */
    private record MediaRange(String type, String subtype, double quality) {
        static MediaRange parse(String text) {
            String[] parts = text.split(";");
            String[] name = parts[0].trim().toLowerCase(Locale.ROOT).split("/", -1);
            if (name.length != 2 || name[0].isEmpty() || name[1].isEmpty() || name[0].equals("*") && !name[1].equals("*")) {
                return null;
            }
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (!(quality >= 0 && quality <= 1)) {
                        return null;
                    }
                }
            }
            return new MediaRange(name[0], name[1], quality);
        }

        /** 3 exact, 2 {@code type/*}, 1 {@code *}{@code /*}, 0 no match. */
        int specificity(String mediaType) {
            int slash = mediaType.indexOf('/');
            String wantedType = mediaType.substring(0, slash);
            String wantedSubtype = mediaType.substring(slash + 1);
            if (type.equals("*")) {
                return 1;
            }
            if (!type.equals(wantedType)) {
                return NO_MATCH;
            }
            return subtype.equals("*") ? 2 : subtype.equals(wantedSubtype) ? EXACT : NO_MATCH;
        }
    }
}
