package dev.toolgate.proxy.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DNS-rebinding protection, as the MCP transport spec asks of servers: an {@code Origin} must be allowed (browsers
 * send it; loopback origins are always allowed, others only when configured) and, while the proxy listens on
 * loopback, {@code Host} must name loopback (or a configured host), so a page whose name was rebound to 127.0.0.1
 * cannot reach it. Listening elsewhere, Host is only checked when hosts are configured.
 */
public final class RequestGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private final Set<String> allowedOrigins;
    private final Set<String> allowedHosts;
    private final boolean loopbackOnly;

    public RequestGuard(Set<String> allowedOrigins, Set<String> allowedHosts, String bindAddress) {
        this.allowedOrigins = lower(allowedOrigins);
        this.allowedHosts = lower(allowedHosts);
        this.loopbackOnly = isLoopback(bindAddress);
    }

    /** Why the request is refused (HTTP 403), or empty. */
    public Optional<String> check(String origin, String host) {
        if (origin != null && !originAllowed(origin)) {
            return Optional.of("Origin " + origin + " is not allowed");
        }
        if (host == null || host.isEmpty()) {
            return Optional.of("a Host header is required");
        }
        String name = hostName(host);
        if (LOOPBACK_NAMES.contains(name) || allowedHosts.contains(name) || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (loopbackOnly || !allowedHosts.isEmpty()) {
            return Optional.of("Host " + host + " is not allowed");
        }
        return Optional.empty();
    }

    private boolean originAllowed(String origin) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalized)) {
            return true;
        }
        try {
            String host = URI.create(normalized).getHost();
            return host != null && (LOOPBACK_NAMES.contains(host) || LOOPBACK_NAMES.contains("[" + host + "]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hostName(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            int end = lower.indexOf(']');
            return end < 0 ? lower : lower.substring(0, end + 1);
        }
        int colon = lower.lastIndexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon);
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static Set<String> lower(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    }
}
