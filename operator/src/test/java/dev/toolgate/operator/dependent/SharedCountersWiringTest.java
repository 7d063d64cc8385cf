package dev.toolgate.operator.dependent;

import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.RedisServe;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.CounterFailureMode;
import dev.toolgate.operator.customresource.Counters;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.RedisCounters;
import dev.toolgate.operator.customresource.RedisTls;
import dev.toolgate.operator.customresource.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spec.counters in the proxy pods: the --redis flags, the password from its Secret as an env var, the CA mounted. */
class SharedCountersWiringTest {
    private final ProxyDeploymentDependent dependent = new ProxyDeploymentDependent(new ProxySettings("proxy:test"));

    private static McpServer withRedis(String url, CounterFailureMode mode) {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        RedisCounters redis = new RedisCounters();
        redis.setUrl(url);
        Counters counters = new Counters();
        counters.setRedis(redis);
        counters.setOnFailure(mode);
        server.getSpec().setCounters(counters);
        return server;
    }

    private Container proxy(McpServer server) {
        Deployment deployment = dependent.desired(server, new StubContext(server));
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void withoutCountersNothingChanges() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        assertThat(proxy(server).getArgs()).doesNotContain("--redis");
        assertThat(proxy(server).getEnv()).extracting(EnvVar::getName).doesNotContain(PodEnvironment.REDIS_PASSWORD);
    }

    @Test
    void closedByDefaultWithThePasswordFromItsSecretNeverAnArgument() {
        McpServer server = withRedis("redis://valkey.cache:6379", null);
        server.getSpec().getCounters().getRedis().setPasswordSecretRef(new SecretKeyRef("valkey-auth", null));
        server.getSpec().setReplicas(3);

        Container proxy = proxy(server);
        assertThat(proxy.getArgs()).endsWith("--redis", "redis://valkey.cache:6379", "--redis-failure", "closed");
        assertThat(proxy.getArgs()).as("closed mode needs no replica count: scaling restarts nothing").doesNotContain("--replicas");
        EnvVar password = proxy.getEnv().stream().filter(e -> e.getName().equals(PodEnvironment.REDIS_PASSWORD)).findFirst().orElseThrow();
        assertThat(password.getValue()).isNull();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("valkey-auth");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(proxy.getArgs()).isEqualTo(ProxyDeploymentDependent.proxyCommand(server).args());
    }

    @Test
    void localModeTellsTheProxyItsReplicasAndTlsMountsThePrivateCa() {
        McpServer server = withRedis("redis://redis.cache:6380", CounterFailureMode.LOCAL);
        server.getSpec().setReplicas(4);
        RedisTls tls = new RedisTls();
        tls.setEnabled(true);
        tls.setCaSecretRef(new SecretKeyRef("redis-ca", "tls.crt"));
        server.getSpec().getCounters().getRedis().setTls(tls);

        Container proxy = proxy(server);
        assertThat(proxy.getArgs()).endsWith("--redis", "rediss://redis.cache:6380", "--redis-failure", "local",
                "--redis-ca-file", RedisServe.CA_DIR + "/" + RedisServe.CA_FILE, "--replicas", "4");
        assertThat(proxy.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo(RedisServe.CA_DIR);
            assertThat(m.getReadOnly()).isTrue();
        });
        List<Volume> volumes = dependent.desired(server, new StubContext(server)).getSpec().getTemplate().getSpec().getVolumes();
        Volume ca = volumes.stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(ca.getSecret().getSecretName()).isEqualTo("redis-ca");
        assertThat(ca.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("tls.crt");
            assertThat(item.getPath()).isEqualTo(RedisServe.CA_FILE);
        });
    }
}
