package dev.toolgate.operator.dependent;

import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.RedisServe;
import dev.toolgate.operator.customresource.CounterFailureMode;
import dev.toolgate.operator.customresource.Counters;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.RedisCounters;
import dev.toolgate.operator.customresource.SecretKeyRef;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * An McpServer's {@code spec.counters} in its proxy pods: the {@code --redis} flags, the password from its Secret as
 * {@link PodEnvironment#REDIS_PASSWORD} (never an argument), a private CA's certificate mounted from its Secret. The
 * replica count goes to the proxy only in the {@code local} failure mode, the one that divides limits by it (so
 * scaling restarts the pods only then).
 */
final class SharedCountersWiring {
    static final String PASSWORD_KEY = "password";
    private static final String CA_VOLUME = "redis-ca";

    private SharedCountersWiring() {
    }

    /** The proxy's shared-counter flags, or null when the McpServer keeps counters in memory. */
    static RedisServe serve(McpServer server) {
        Counters counters = server.getSpec().getCounters();
        if (counters == null || counters.getRedis() == null) {
            return null;
        }
        RedisCounters redis = counters.getRedis();
        CounterFailureMode mode = counters.getOnFailure() == null ? CounterFailureMode.CLOSED : counters.getOnFailure();
        Integer replicas = mode == CounterFailureMode.LOCAL
                ? Integer.valueOf(Math.max(1, server.getSpec().getReplicas() == null ? 1 : server.getSpec().getReplicas()))
                : null;
        return new RedisServe(url(redis), mode.text(), caRef(redis) == null ? null : RedisServe.CA_DIR + "/" + RedisServe.CA_FILE,
                replicas);
    }

    /** {@code tls.enabled} turns a {@code redis://} URL into {@code rediss://}. */
    static String url(RedisCounters redis) {
        boolean tls = redis.getTls() != null && Boolean.TRUE.equals(redis.getTls().getEnabled());
        return tls && redis.getUrl().startsWith("redis://") ? "rediss://" + redis.getUrl().substring("redis://".length()) : redis.getUrl();
    }

    private static SecretKeyRef caRef(RedisCounters redis) {
        return redis.getTls() == null ? null : redis.getTls().getCaSecretRef();
    }

    /** The password variable and the CA mount, when the McpServer has them. */
    static void addTo(McpServer server, ContainerBuilder container, PodSpecBuilder pod) {
        Counters counters = server.getSpec().getCounters();
        if (counters == null || counters.getRedis() == null) {
            return;
        }
        SecretKeyRef password = counters.getRedis().getPasswordSecretRef();
        if (password != null) {
            container.addToEnv(new EnvVarBuilder().withName(PodEnvironment.REDIS_PASSWORD)
                    .withNewValueFrom().withNewSecretKeyRef().withName(password.getName()).withKey(password.keyOr(PASSWORD_KEY))
                    .endSecretKeyRef().endValueFrom().build());
        }
        SecretKeyRef ca = caRef(counters.getRedis());
        if (ca != null) {
            pod.addToVolumes(new VolumeBuilder().withName(CA_VOLUME)
                    .withNewSecret().withSecretName(ca.getName())
                    .withItems(new KeyToPathBuilder().withKey(ca.keyOr(RedisServe.CA_FILE)).withPath(RedisServe.CA_FILE).build())
                    .endSecret().build());
            container.addToVolumeMounts(new VolumeMountBuilder().withName(CA_VOLUME).withMountPath(RedisServe.CA_DIR)
                    .withReadOnly(true).build());
        }
    }
}
