package dev.toolgate.operator.dependent;

import dev.toolgate.contract.ServeFlag;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.ApprovalSpec;
import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval state key: a Secret per McpServer, made once (against a mock API server that keeps what it is given),
 * mounted into every proxy pod and named by a flag.
 */
@EnableKubernetesMockClient(crud = true)
class ApprovalStateSecretDependentTest {
    KubernetesClient client;
    private final McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
    private final ApprovalStateSecretDependent dependent = new ApprovalStateSecretDependent();

    private Secret stored() {
        return client.secrets().inNamespace(Fixtures.NAMESPACE).withName("conductor-toolgate-approval-state").get();
    }

    @Test
    void theSecretIsMadeOnceWithThirtyTwoRandomBytesAndNeverRotatedByALaterReconcile() {
        server.getMetadata().setUid("uid-1");
        dependent.reconcile(server, StubContext.withClient(server, client));
        Secret made = stored();

        assertThat(made.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "toolgate-operator")
                .containsEntry("toolgate.dev/mcpserver", "conductor");
        assertThat(made.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-1"));
        assertThat(made.getImmutable()).isTrue();
        assertThat(Base64.getDecoder().decode(made.getData().get("key"))).hasSize(32);

        dependent.reconcile(server, StubContext.withClient(server, client));
        assertThat(stored().getData().get("key")).as("the same key after another reconcile")
                .isEqualTo(made.getData().get("key"));
        assertThat(ApprovalStateSecretDependent.desired(server).getData().get("key")).as("random each time it is made")
                .isNotEqualTo(made.getData().get("key"));
    }

    @Test
    void everyProxyPodMountsItAndIsToldWhereAndTheWaitIsPassed() {
        ApprovalSpec approval = new ApprovalSpec();
        approval.setWaitSeconds(12);
        server.getSpec().setApproval(approval);
        Deployment deployment = new ProxyDeploymentDependent(new ProxySettings("img")).desired(server, new StubContext(server));

        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactly("conductor-toolgate-approval-state");
        Container proxy = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(proxy.getVolumeMounts()).filteredOn(m -> m.getName().equals("approval-state"))
                .singleElement().satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo(ProxyNames.APPROVAL_STATE_DIR);
                    assertThat(m.getReadOnly()).isTrue();
                });
        List<String> args = proxy.getArgs();
        assertThat(args.get(args.indexOf(ServeFlag.APPROVAL_STATE_KEY_FILE.text()) + 1))
                .isEqualTo(ProxyNames.APPROVAL_STATE_DIR + "/" + ProxyNames.APPROVAL_STATE_KEY);
        assertThat(args.get(args.indexOf(ServeFlag.APPROVAL_WAIT.text()) + 1)).isEqualTo("12");
    }

    @Test
    void aSecretMadeOrFoundIsNotAskedForAgainUntilTheRecheckAndADeletedOneIsMadeAgainThen() {
        AtomicLong now = new AtomicLong();
        ApprovalStateSecretDependent timed = new ApprovalStateSecretDependent(now::get);
        server.getMetadata().setUid("uid-2");
        timed.reconcile(server, StubContext.withClient(server, client));
        client.secrets().inNamespace(Fixtures.NAMESPACE).withName("conductor-toolgate-approval-state").delete();

        now.addAndGet(ApprovalStateSecretDependent.RECHECK.toNanos() - 1);
        timed.reconcile(server, StubContext.withClient(server, client));
        assertThat(stored()).as("not asked again within the recheck: an idle reconcile writes nothing").isNull();

        now.addAndGet(1);
        timed.reconcile(server, StubContext.withClient(server, client));
        assertThat(stored()).as("a deleted Secret (a rotation) is made again after it").isNotNull();
    }
}
