package dev.toolgate.operator.dependent;

import dev.toolgate.contract.ServeFlag;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.Approval;
import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval state key: a Secret per McpServer, made once, mounted into every proxy pod and named by a flag. */
class ApprovalStateSecretDependentTest {
    private final McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
    private final ApprovalStateSecretDependent dependent = new ApprovalStateSecretDependent();

    @Test
    void theSecretHoldsThirtyTwoRandomBytesAndIsOwnedLikeEveryOtherObject() {
        Secret first = dependent.desired(server, new StubContext(server));
        Secret second = dependent.desired(server, new StubContext(server));

        assertThat(first.getMetadata().getName()).isEqualTo("conductor-toolgate-approval-state");
        assertThat(first.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        assertThat(first.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "toolgate-operator")
                .containsEntry("toolgate.dev/mcpserver", "conductor");
        assertThat(first.getImmutable()).isTrue();
        byte[] key = Base64.getDecoder().decode(first.getData().get("key"));
        assertThat(key).hasSize(32);
        assertThat(second.getData().get("key")).as("random each time it is made").isNotEqualTo(first.getData().get("key"));
    }

    @Test
    void itIsCreatedButNeverUpdatedSoAReconcileNeverRotatesTheKey() {
        assertThat(dependent).isInstanceOf(Creator.class).isNotInstanceOf(Updater.class);
    }

    @Test
    void everyProxyPodMountsItAndIsToldWhereAndTheWaitIsPassed() {
        Approval approval = new Approval();
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
}
