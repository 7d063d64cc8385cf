package dev.toolgate.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #19 on the real API server: who may decide a ToolCallApproval is RBAC on {@code toolcallapprovals/status};
 * the chart's ValidatingAdmissionPolicy refuses the requester deciding its own call, a {@code decidedBy} naming
 * someone else, and a second decision. Users are ServiceAccounts (impersonated, so the API server authorizes and
 * admits exactly as for their tokens); the approver decides with the shipped {@code kubectl toolgate} plugin.
 */
@ExtendWith(RealApiServer.class)
class ApprovalAdmissionTest {
    private static final String NS = "approvals";
    private static final ServiceAccountName AGENT = new ServiceAccountName(NS, "agent");
    private static final ServiceAccountName APPROVER = new ServiceAccountName(NS, "approver");
    private static final ServiceAccountName BYSTANDER = new ServiceAccountName(NS, "bystander");
    private static final String API = "toolgate.dev/v1alpha1";
    private static int calls;

    @BeforeAll
    static void install(ControlPlane cluster) {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        cluster.kubectl().run("create", "namespace", NS).orFail();
        cluster.kubectl().runWithInput("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: agent}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: approver}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: bystander}
                """ + KubectlToolgate.approverRole(NS, "approver", "agent"), "-n", NS, "apply", "-f", "-").orFail();
    }

    private String name;

    /** A pending approval of a call the agent made, as the proxy writes it. */
    @BeforeEach
    void pendingApproval(ControlPlane cluster) {
        name = "run-workflow-" + (++calls);
        ApprovalScenario.pendingByHand(cluster.kubectl(), NS, name, AGENT.username(), "ab".repeat(32));
        cluster.kubectl().run("-n", NS, "patch", "toolcallapproval", name, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"state\":\"Pending\"}}").orFail();
    }

    private static GenericKubernetesResource decide(KubernetesClient client, String name, String state, String by) {
        String patch = "{\"status\":{\"state\":\"" + state + "\",\"decidedBy\":\"" + by + "\",\"reason\":\"r\"}}";
        return client.genericKubernetesResources(API, "ToolCallApproval").inNamespace(NS).withName(name)
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static Map<?, ?> status(ControlPlane cluster, String name) {
        try (KubernetesClient admin = cluster.adminClient()) {
            return (Map<?, ?>) admin.genericKubernetesResources(API, "ToolCallApproval").inNamespace(NS).withName(name)
                    .get().getAdditionalProperties().get("status");
        }
    }

    @Test
    void anApproverWithTheRbacApprovesWithThePlugin(ControlPlane cluster) throws Exception {
        KubectlToolgate.run(cluster, NS, APPROVER, "approve", name, "--reason", "change 42 \"signed off\"").orFail();
        Map<?, ?> status = status(cluster, name);
        assertThat(status.get("state")).isEqualTo("Approved");
        assertThat(status.get("decidedBy")).isEqualTo(APPROVER.username());
        assertThat(status.get("reason")).isEqualTo("change 42 \"signed off\"");
        assertThat(cluster.kubectl().run("-n", NS, "get", "tca").orFail().out())
                .contains("TOOL", "IDENTITY", "STATE", name, "run_workflow", AGENT.username(), "Approved");

        Kubectl.Result again = KubectlToolgate.run(cluster, NS, APPROVER, "deny", name, "--reason", "changed my mind");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("only a pending approval can be approved or denied");
    }

    @Test
    void thePluginRefusesAReasonHoldingANewlineAndChangesNothing(ControlPlane cluster) throws Exception {
        for (String reason : List.of("line one\nline two", "tab\tthen", "bell\u0007")) {
            Kubectl.Result refused = KubectlToolgate.run(cluster, NS, APPROVER, "deny", name, "--reason", reason);
            assertThat(refused.exitCode()).as(reason).isEqualTo(2);
            assertThat(refused.err()).contains("the reason may not hold control characters");
        }
        assertThat(status(cluster, name).get("state")).isEqualTo("Pending");
    }

    @Test
    void aUserWithoutTheRbacIsRefusedByTheApiServer(ControlPlane cluster) {
        try (KubernetesClient bystander = cluster.clientAs(BYSTANDER)) {
            assertThatThrownBy(() -> decide(bystander, name, "Approved", BYSTANDER.username()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(status(cluster, name).get("state")).isEqualTo("Pending");
    }

    @Test
    void theRequesterCannotApproveItsOwnCallEvenWithTheRbac(ControlPlane cluster) throws Exception {
        try (KubernetesClient agent = cluster.clientAs(AGENT)) {
            assertThatThrownBy(() -> decide(agent, name, "Approved", AGENT.username()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
                            .contains("the approver must not be the identity that asked for the call"));
        }
        Kubectl.Result viaPlugin = KubectlToolgate.run(cluster, NS, AGENT, "approve", name);
        assertThat(viaPlugin.exitCode()).isNotZero();
        assertThat(viaPlugin.err()).contains("the approver must not be the identity that asked for the call");
        assertThat(status(cluster, name).get("state")).isEqualTo("Pending");
    }

    @Test
    void anApproverCannotWriteAnotherNameAsTheApprover(ControlPlane cluster) {
        try (KubernetesClient approver = cluster.clientAs(APPROVER)) {
            assertThatThrownBy(() -> decide(approver, name, "Denied", "system:serviceaccount:approvals:someone-else"))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
                            .contains("status.decidedBy must be the user name of whoever writes the decision"));
        }
        assertThat(status(cluster, name).get("state")).isEqualTo("Pending");
    }

    @Test
    void theSpecCannotBeChangedAfterTheProxyWroteIt(ControlPlane cluster) {
        Kubectl.Result changed = cluster.kubectl().run("-n", NS, "patch", "toolcallapproval", name, "--type=merge",
                "-p", "{\"spec\":{\"argumentsSha256\":\"" + "cd".repeat(32) + "\"}}");
        assertThat(changed.exitCode()).isNotZero();
        assertThat(changed.err()).contains("spec is immutable");
    }
}
