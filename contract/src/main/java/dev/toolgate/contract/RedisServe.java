package dev.toolgate.contract;

import java.util.List;
import java.util.Objects;

/**
 * The shared-counter part of the proxy's command line in a pod. The password is not here: the operator puts it in
 * {@link PodEnvironment#REDIS_PASSWORD} from a Secret.
 *
 * @param url         {@code redis://host:port} or {@code rediss://host:port}
 * @param failureMode {@code closed} or {@code local}
 * @param caFile      the mounted CA certificate for a private CA, or null
 * @param replicas    the McpServer's replicas, which the {@code local} mode divides limits by; null when not needed
 */
public record RedisServe(String url, String failureMode, String caFile, Integer replicas) {
    /** Where the operator mounts the CA certificate's Secret key. */
    public static final String CA_DIR = "/etc/toolgate/redis-ca";
    public static final String CA_FILE = "ca.crt";

    public RedisServe {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(failureMode, "failureMode");
    }

    /** The flags: {@code --redis URL --redis-failure MODE [--redis-ca-file FILE] [--replicas N]}. */
    public List<String> args() {
        List<String> args = new java.util.ArrayList<>(List.of(ServeFlag.REDIS.text(), url, ServeFlag.REDIS_FAILURE.text(), failureMode));
        if (caFile != null) {
            args.addAll(List.of(ServeFlag.REDIS_CA_FILE.text(), caFile));
        }
        if (replicas != null) {
            args.addAll(List.of(ServeFlag.REPLICAS.text(), String.valueOf(replicas)));
        }
        return List.copyOf(args);
    }
}
