package dev.toolgate.proxy.counters;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the shared counters live and how to reach them.
 *
 * @param url         {@code redis://host:port[/db]} or {@code rediss://…} (TLS); never with a password in it
 * @param password    the password ({@code AUTH}), from an environment variable or a file; null for none
 * @param caFile      PEM file of the CA that signed the server's certificate (a private CA); null for the JVM's
 * @param timeout     how long one store call may take before the call is decided by the failure mode
 * @param failureMode what a call needing a counter gets while the store cannot answer
 * @param replicas    the proxy replicas sharing the store; the {@code local} mode's share of each limit
 * @param keyTag      the hash tag every key of this proxy carries: {@code namespace/mcpserver}, or {@code standalone}
 */
public record RedisSettings(URI url, String password, Path caFile, Duration timeout, FailureMode failureMode,
                            int replicas, String keyTag) {
    /** The default of {@link #timeout}: a slow store delays a limited call by at most this much. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    /** The hash tag of a proxy outside Kubernetes. */
    public static final String STANDALONE_TAG = "standalone";

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(failureMode, "failureMode");
        Objects.requireNonNull(keyTag, "keyTag");
        if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("the Redis URL must be redis://host:port or rediss://host:port");
        }
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new IllegalArgumentException("put the Redis password in an environment variable or a file, not in the URL");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive");
        }
    }

    public boolean tls() {
        return "rediss".equals(url.getScheme());
    }

    @Override
    public String toString() {
        // never the password
        return "RedisSettings[url=" + url + ", password=" + (password == null ? "none" : "set") + ", caFile=" + caFile
                + ", timeout=" + timeout + ", failureMode=" + failureMode + ", replicas=" + replicas + ", keyTag=" + keyTag + "]";
    }
}
