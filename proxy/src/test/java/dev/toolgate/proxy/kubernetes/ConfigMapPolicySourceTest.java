package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.proxy.source.RecordingListener;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.proxy.source.PolicySource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class ConfigMapPolicySourceTest {
    static {
        QuietMockServer.install();
    }

    private static final String NS = "agents";
    private static final String NAME = "conductor-policy";
    private static final String RUN_ONLY = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{}}}";
    private static final String RUN_AND_LIST = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{},\"list_workflows\":{}}}";
    private static final String INVALID = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{\"limits\":[{\"counter\":\"c\",\"window\":\"minit\",\"max\":10}]}}}";

    // the target is 2 s from apply to enforcement; other waits are generous for a loaded CI machine
    KubernetesClient client;
    KubernetesMockServer server;

    private final RecordingListener listener = new RecordingListener();
    private ConfigMapPolicySource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    private ConfigMapPolicySource source() {
        source = new ConfigMapPolicySource(client, NS, NAME, Duration.ofSeconds(5), null);
        return source;
    }

    private ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName(NAME).endMetadata()
                .withData(data).build();
    }

    private void apply(String policyJson) {
        client.configMaps().inNamespace(NS).resource(configMap(Map.of(PolicyConfigMap.KEY, policyJson))).createOr(c -> c.update());
    }

    private static void assertDeniesEverything(PolicyEngine engine) {
        assertThat(engine.current().defaultDeny()).isTrue();
        assertThat(engine.current().toolCount()).isZero();
        assertThat(engine.mayList("run_workflow")).isFalse();
    }

    @Test
    void deliversThePolicyOnStartAndAChangeWithinTwoSeconds() throws Exception {
        apply(RUN_ONLY);
        source().start(listener);

        assertThat(listener.policies).hasSize(1);
        assertThat(listener.current().mayList("run_workflow")).isTrue();
        assertThat(listener.current().mayList("list_workflows")).isFalse();
        assertThat(listener.policies.get(0).source()).isEqualTo("configmap agents/conductor-policy");

        apply(RUN_AND_LIST);

        await().atMost(Duration.ofSeconds(2)).until(() -> listener.policies.size() == 2);
        assertThat(listener.current().mayList("list_workflows")).isTrue();
        assertThat(listener.invalid).isEmpty();
    }

    @Test
    void anInvalidChangeIsReportedAndTheLastGoodPolicyStays() throws Exception {
        apply(RUN_ONLY);
        source().start(listener);

        apply(INVALID);

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.invalid.size() == 1);
        assertThat(listener.invalid.get(0)).extracting(PolicyError::toString)
                .anySatisfy(line -> assertThat(line).contains("tools.run_workflow.limits[0].window").contains("minit"));
        assertThat(listener.policies).hasSize(1);

        apply(RUN_AND_LIST);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 2);
        assertThat(listener.current().mayList("list_workflows")).isTrue();
    }

    @Test
    void aMissingConfigMapDeniesEveryCallUntilItAppearsAndAfterItIsDeleted() throws Exception {
        source().start(listener);

        assertThat(listener.policies).hasSize(1);
        assertDeniesEverything(listener.current());

        apply(RUN_ONLY);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 2);
        assertThat(listener.current().mayList("run_workflow")).isTrue();

        client.configMaps().inNamespace(NS).withName(NAME).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 3);
        assertDeniesEverything(listener.current());

        apply(RUN_ONLY);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 4);
        assertThat(listener.current().mayList("run_workflow")).isTrue();
    }

    @Test
    void aConfigMapWithoutThePolicyKeyDeniesEveryCall() throws Exception {
        client.configMaps().inNamespace(NS).resource(configMap(Map.of("other.json", RUN_ONLY))).create();

        source().start(listener);

        assertThat(listener.policies).hasSize(1);
        assertDeniesEverything(listener.current());
    }

    @Test
    void anInvalidFirstVersionIsReportedAndEveryCallDenied() throws Exception {
        apply(INVALID);

        source().start(listener);

        assertThat(listener.invalid).hasSize(1);
        assertThat(listener.policies).hasSize(1);
        assertDeniesEverything(listener.current());
    }

    @Test
    void anUpdateThatLeavesThePolicyAloneDeliversNothing() throws Exception {
        apply(RUN_ONLY);
        source().start(listener);

        client.configMaps().inNamespace(NS).withName(NAME).edit(c -> new ConfigMapBuilder(c).editMetadata()
                .addToLabels("touched", "yes").endMetadata().build());
        apply(RUN_AND_LIST);

        // the label change came first; only the policy change is delivered
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 2);
        assertThat(listener.current().mayList("list_workflows")).isTrue();
        assertThat(listener.policies).hasSize(2);
    }

    @Test
    void asksTheApiServerForItsOwnConfigMapOnlyAsTheProxyRoleAllows() throws Exception {
        // the operator's proxy Role grants get/list/watch on this ConfigMap by resourceNames: Kubernetes allows a
        // list or watch under resourceNames only with the field selector metadata.name=<that name>
        apply(RUN_ONLY);
        int before = server.getRequestCount();
        source().start(listener);
        apply(RUN_AND_LIST);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.policies.size() == 2);

        List<String> reads = new ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
            if (i >= before && request != null && request.getMethod().equals("GET")) {
                reads.add(request.getPath());
            }
        }
        assertThat(reads).isNotEmpty().allSatisfy(path -> assertThat(path)
                .startsWith("/api/v1/namespaces/agents/configmaps")
                .satisfiesAnyOf(
                        p -> assertThat(p).startsWith("/api/v1/namespaces/agents/configmaps/" + NAME),
                        p -> assertThat(p).contains("fieldSelector=metadata.name%3D" + NAME)));
    }

    @Test
    void anUnreachableApiServerStartsDenyingEveryCall() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closedPort)
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient dead = new KubernetesClientBuilder().withConfig(config).build()) {
            source = new ConfigMapPolicySource(dead, NS, NAME, Duration.ofMillis(500), null);

            source.start(listener);

            assertThat(listener.policies).hasSize(1);
            assertDeniesEverything(listener.current());
            source.close();
        }
    }
}
