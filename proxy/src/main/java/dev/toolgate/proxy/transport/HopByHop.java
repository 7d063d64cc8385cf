package dev.toolgate.proxy.transport;

import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Set;

/** Copies headers between the client and upstream legs, leaving out what belongs to one connection only. */
public final class HopByHop {
    private static final Set<String> CONNECTION_HEADERS = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length");

    private HopByHop() {
    }

    /**
     * @param dropAuthorization true when the proxy consumed the bearer token itself (API keys): the client's
     *                          credential for the proxy is not passed to the upstream
     */
    public static void copyRequest(MultiMap from, MultiMap to, boolean dropAuthorization) {
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!CONNECTION_HEADERS.contains(name) && !(dropAuthorization && name.equals("authorization"))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    public static void copyResponse(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!CONNECTION_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
