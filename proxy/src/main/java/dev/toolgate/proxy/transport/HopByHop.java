package dev.toolgate.proxy.transport;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.Iterator;
import java.util.Map;

/**
 * Copies headers between the client and upstream legs, leaving out what belongs to one connection only. {@code Expect}
 * is one of them: the proxy answers a client's {@code 100-continue} itself and sends the upstream the whole body.
 */
public final class HopByHop {
    private static final String[] CONNECTION_HEADERS = {"connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "http2-settings",
            "host", "content-length", "expect"};

    private HopByHop() {
    }

    /**
     * @param dropAuthorization true when the proxy consumed the bearer token itself (API keys): the client's
     *                          credential for the proxy is not passed to the upstream
     */
    public static void copyRequest(HttpHeaders from, HttpHeaders to, boolean dropAuthorization) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            if (!isConnectionHeader(name) && !(dropAuthorization && AsciiString.contentEqualsIgnoreCase(name, "authorization"))) {
                to.add(name, header.getValue());
            }
        }
    }

    public static void copyResponse(HttpHeaders from, HttpHeaders to) {
        copyRequest(from, to, false);
    }

    /** Compared in place, ignoring case: this runs for every header of every request and response. */
    public static boolean isConnectionHeader(CharSequence name) {
        for (String connectionHeader : CONNECTION_HEADERS) {
            if (name.length() == connectionHeader.length() && AsciiString.contentEqualsIgnoreCase(name, connectionHeader)) {
                return true;
            }
        }
        return false;
    }
}
