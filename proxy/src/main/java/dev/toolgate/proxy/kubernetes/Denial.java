package dev.toolgate.proxy.kubernetes;

import dev.toolgate.proxy.audit.AuditRecord;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One refused call as the event sink sees it.
 *
 * @param policyReason the text the agent was shown
 */
record Denial(SeriesKey key, String grant, String policyReason, Instant time) {
    /** The API server refuses an Event whose note is over 1 kB. */
    static final int MAX_NOTE_BYTES = 1024;

    /** Empty for an allowed call; {@code clock} stands in for a record without a time. */
    static Optional<Denial> of(AuditRecord record, Clock clock) {
        return DenialReason.of(record.decision()).map(reason -> new Denial(
                new SeriesKey(reason, orDash(record.tool()), orDash(record.identity()), orDash(record.rule()), record.origin()),
                orDash(record.grant()), record.reason() == null ? "" : record.reason(),
                record.time() == null ? clock.instant() : record.time()));
    }

    /** The Event's note: tool, identity, grant and rule, then the reason the agent saw. */
    String note() {
        String note = "Tool call \"" + key.tool() + "\" by identity \"" + key.identity() + "\" (grant \"" + grant
                + "\") " + key.reason().verb() + " by rule \"" + key.rule() + "\""
                + (policyReason.isEmpty() ? "" : ": " + policyReason);
        return truncate(note, MAX_NOTE_BYTES);
    }

    /** Cuts at a code point so the UTF-8 form fits, marking the cut with "...". */
    static String truncate(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes - 3) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.append("...").toString();
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
