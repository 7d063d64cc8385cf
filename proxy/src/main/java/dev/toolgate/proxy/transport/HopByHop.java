package dev.toolgate.proxy.transport;

import io.vertx.core.MultiMap;

/** Copies headers between the client and upstream legs, leaving out what belongs to one connection only. */
public final class HopByHop {
    private static final String[] CONNECTION_HEADERS = {"connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length"};

    private HopByHop() {
    }

    /**
     * @param dropAuthorization true when the proxy consumed the bearer token itself (API keys): the client's
     *                          credential for the proxy is not passed to the upstream
     */
    public static void copyRequest(MultiMap from, MultiMap to, boolean dropAuthorization) {
        from.forEach(header -> {
            String name = header.getKey();
            if (!isConnectionHeader(name) && !(dropAuthorization && name.equalsIgnoreCase("authorization"))) {
                to.add(name, header.getValue());
            }
        });
    }

    public static void copyResponse(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!isConnectionHeader(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    /** Compared in place, ignoring case: this runs for every header of every request and response. */
    static boolean isConnectionHeader(String name) {
        for (String connectionHeader : CONNECTION_HEADERS) {
            if (name.length() == connectionHeader.length() && name.equalsIgnoreCase(connectionHeader)) {
                return true;
            }
        }
        return false;
    }
}
