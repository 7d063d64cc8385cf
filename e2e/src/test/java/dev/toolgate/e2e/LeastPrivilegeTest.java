package dev.toolgate.e2e;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Item 4 of issue #16: the operator has exactly the chart's ClusterRole and the proxy exactly the Role the operator
 * creates for it, and each is refused (403 from the API server's RBAC) what it does not need. That the flow needs
 * nothing more is shown by {@link KubernetesFlowTest}, which finds no 403 for either in the audit log.
 */
@ExtendWith(RealApiServer.class)
class LeastPrivilegeTest {
    private static final String NS = "least-privilege";
    private static final ServiceAccountName PROXY = new ServiceAccountName(NS, "guarded-toolgate");

    private static InJvmOperator operator;

    @BeforeAll
    static void reconcileAnMcpServer(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        cluster.kubectl().run("create", "namespace", NS).orFail();
        cluster.kubectl().run("create", "namespace", NS + "-other").orFail();
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: Secret
                metadata: {name: unrelated}
                stringData: {token: do-not-read}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unrelated}
                data: {k: v}
                ---
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: guarded}
                spec: {upstream: {url: "http://upstream.example:3000/mcp"}}
                """, "-n", NS, "apply", "-f", "-").orFail();
        operator = InJvmOperator.start(cluster, NS);
        try (var admin = cluster.adminClient()) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    admin.rbac().roleBindings().inNamespace(NS).withName("guarded-toolgate").get() != null);
        }
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theOperatorIsRefusedWhatItDoesNotNeed(ControlPlane cluster) {
        try (KubernetesClient asOperator = cluster.clientAs(ToolgateChart.OPERATOR)) {
            assertForbidden(() -> asOperator.secrets().inNamespace(NS).withName("unrelated").get());
            assertForbidden(() -> asOperator.secrets().inAnyNamespace().list());
            assertForbidden(() -> asOperator.configMaps().inNamespace(NS).withName("unrelated").delete());
            assertForbidden(() -> asOperator.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                    .withNewMetadata().withName("toolgate-escalation").endMetadata().build()).create());
            assertForbidden(() -> asOperator.namespaces().withName(NS + "-other").delete());
            assertForbidden(() -> asOperator.genericKubernetesResources("toolgate.dev/v1alpha1", "McpServer")
                    .inNamespace(NS).withName("guarded").delete());
        }
    }

    @Test
    void theProxyIsRefusedEverythingButItsPolicyConfigMapAndEvents(ControlPlane cluster) {
        try (KubernetesClient asProxy = cluster.clientAs(PROXY)) {
            asProxy.configMaps().inNamespace(NS).withName("guarded-toolgate-policy").get(); // allowed: no exception

            assertForbidden(() -> asProxy.configMaps().inNamespace(NS).withName("unrelated").get());
            assertForbidden(() -> asProxy.configMaps().inNamespace(NS).list());
            assertForbidden(() -> asProxy.configMaps().inNamespace(NS).withName("guarded-toolgate-policy")
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("policy.json", "{}").build()));
            assertForbidden(() -> asProxy.secrets().inNamespace(NS).withName("unrelated").get());
            assertForbidden(() -> asProxy.genericKubernetesResources("toolgate.dev/v1alpha1", "ToolPolicy").inNamespace(NS).list());
            // its own McpServer only (the accepted tool definitions; its status holds the tool inventory)
            asProxy.genericKubernetesResources("toolgate.dev/v1alpha1", "McpServer").inNamespace(NS).withName("guarded").get();
            assertForbidden(() -> asProxy.genericKubernetesResources("toolgate.dev/v1alpha1", "McpServer").inNamespace(NS).list());
            assertForbidden(() -> asProxy.genericKubernetesResources("toolgate.dev/v1alpha1", "McpServer").inNamespace(NS)
                    .withName("unrelated").get());
            assertForbidden(() -> asProxy.events().v1().events().inNamespace(NS + "-other").resource(new EventBuilder()
                    .withNewMetadata().withName("forged").endMetadata().withEventTime(new io.fabric8.kubernetes.api.model.MicroTime(Instant.now().toString()))
                    .withReason("ToolCallDenied").withAction("ToolCall").withReportingController("toolgate.dev/proxy")
                    .withReportingInstance("x").withType("Warning").build()).create());
        }
    }

    @Test
    void theOperatorMakesTheApprovalStateKeyWithCreateAloneAndTheDeploymentMountsIt(ControlPlane cluster) {
        try (var admin = cluster.adminClient()) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    admin.apps().deployments().inNamespace(NS).withName("guarded-toolgate").get() != null);
            var key = admin.secrets().inNamespace(NS).withName("guarded-toolgate-approval-state").get();
            org.assertj.core.api.Assertions.assertThat(java.util.Base64.getDecoder().decode(key.getData().get("key"))).hasSize(32);
            org.assertj.core.api.Assertions.assertThat(key.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> org.assertj.core.api.Assertions.assertThat(owner.getName()).isEqualTo("guarded"));
            org.assertj.core.api.Assertions.assertThat(admin.apps().deployments().inNamespace(NS).withName("guarded-toolgate")
                    .get().getSpec().getTemplate().getSpec().getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                    .extracting(volume -> volume.getSecret().getSecretName()).contains("guarded-toolgate-approval-state");
        }
        try (KubernetesClient asOperator = cluster.clientAs(ToolgateChart.OPERATOR)) {
            assertForbidden(() -> asOperator.secrets().inNamespace(NS).withName("guarded-toolgate-approval-state").get());
        }
    }

    private static void assertForbidden(ThrowingCallable request) {
        assertThatThrownBy(request).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
    }
}
