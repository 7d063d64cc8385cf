package dev.toolgate.proxy.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes a request head ambiguous, refused with 400 before anything else looks at it. A header the proxy or the
 * upstream acts on must come at most once: with two, the proxy could check one value while the upstream (or another
 * hop) uses the other (two {@code Host}s against the DNS-rebinding check, two {@code Authorization}s against the key
 * check, two session ids against the session binding). An absolute-form target ({@code POST http://host/mcp}) names
 * the host the request is for (RFC 9112 §3.2.2): it must agree with {@code Host}, and the rebinding check applies to it.
 */
public final class HeadRules {
    /** Headers that must come at most once; a list-valued header (Accept, …) may repeat. */
    static final List<String> SINGLE = List.of(HttpHeaderNames.HOST.toString(), HttpHeaderNames.AUTHORIZATION.toString(),
            HttpHeaderNames.ORIGIN.toString(), HttpHeaderNames.CONTENT_LENGTH.toString(),
            HttpHeaderNames.CONTENT_TYPE.toString(), "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID",
            "Mcp-Method", "Mcp-Name");

    private HeadRules() {
    }

    /** Why the head is refused with 400 (a fixed message naming no client data), or empty. */
    public static Optional<String> problem(ClientRequest request) {
        HttpHeaders headers = request.headers();
        // one pass over the head, no list per header name: this runs for every request
        int seen = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence header = it.next().getKey();
            for (int i = 0; i < SINGLE.size(); i++) {
                String name = SINGLE.get(i);
                if (header.length() == name.length() && AsciiString.contentEqualsIgnoreCase(header, name)) {
                    if ((seen & (1 << i)) != 0) {
                        return Optional.of("more than one " + name + " header");
                    }
                    seen |= 1 << i;
                    break;
                }
            }
        }
        Optional<String> target = request.targetAuthority();
        String host = headers.get(HttpHeaderNames.HOST);
        if (target.isPresent() && host != null
                && !target.get().toLowerCase(Locale.ROOT).equals(host.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("the request target names another host than the Host header");
        }
        return Optional.empty();
    }
}
