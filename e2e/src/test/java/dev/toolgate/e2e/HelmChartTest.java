package dev.toolgate.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item 3 of issue #16: the chart installed with Helm into a real, empty API server (its own, so the CRDs are the
 * chart's to create), upgraded, and uninstalled without leaving anything behind but the CRDs, which Helm never
 * deletes (docs/kubernetes.md says so).
 */
@ExtendWith(RealApiServer.class)
class HelmChartTest {
    private static final Map<String, String> RELEASE_LABEL = Map.of("app.kubernetes.io/instance", ToolgateChart.RELEASE);
    private static ControlPlane empty;

    @BeforeAll
    static void startEmptyCluster() {
        empty = RealApiServer.startAnother();
    }

    @AfterAll
    static void stopEmptyCluster() {
        if (empty != null) {
            empty.close();
        }
    }

    @Test
    void installUpgradeAndUninstallAreClean() {
        Release installed = ToolgateChart.install(empty);
        assertThat(installed.getStatus()).isEqualTo("deployed");
        try (KubernetesClient admin = empty.adminClient()) {
            assertThat(admin.apiextensions().v1().customResourceDefinitions().list().getItems())
                    .extracting(crd -> crd.getMetadata().getName())
                    .containsExactlyInAnyOrder("mcpservers.toolgate.dev", "toolcallapprovals.toolgate.dev",
                            "toolpolicies.toolgate.dev");
            assertThat(names(releaseObjects(admin))).containsExactlyInAnyOrder(
                    "ServiceAccount/toolgate-operator", "ClusterRole/toolgate-operator",
                    "ClusterRoleBinding/toolgate-operator", "Deployment/toolgate-operator",
                    "Service/toolgate-operator-metrics",
                    // ServiceAccount tokens: the proxies' TokenReview ClusterRole and the operator's right to bind it
                    "ClusterRole/toolgate-operator-proxy-tokenreview", "ClusterRole/toolgate-operator-tokenreview-binder",
                    "ClusterRoleBinding/toolgate-operator-tokenreview-binder",
                    // the approvals API: the operator's TokenReviews and SubjectAccessReviews
                    "ClusterRole/toolgate-operator-approvals-reviewer", "ClusterRoleBinding/toolgate-operator-approvals-reviewer",
                    "ValidatingAdmissionPolicy/toolcallapprovals.toolgate.dev",
                    "ValidatingAdmissionPolicyBinding/toolcallapprovals.toolgate.dev");

            Release upgraded = new Helm(Repository.path("helm/toolgate")).upgrade().withName(ToolgateChart.RELEASE)
                    .withNamespace(ToolgateChart.NAMESPACE).set("logLevel", "DEBUG").withKubeConfig(empty.kubeconfig()).call();
            assertThat(upgraded.getRevision()).isEqualTo("2");
            assertThat(admin.apps().deployments().inNamespace(ToolgateChart.NAMESPACE).withName("toolgate-operator").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                    .anyMatch(env -> env.getValue() != null && env.getValue().contains("defaultLogLevel=debug"));

            String uninstalled = Helm.uninstall(ToolgateChart.RELEASE).withNamespace(ToolgateChart.NAMESPACE)
                    .withKubeConfig(empty.kubeconfig()).call();
            assertThat(uninstalled).contains("uninstalled");
            assertThat(releaseObjects(admin)).as("nothing of the release is left").isEmpty();
            assertThat(admin.secrets().inNamespace(ToolgateChart.NAMESPACE).list().getItems())
                    .as("no Helm release record is left").isEmpty();
            assertThat(admin.apiextensions().v1().customResourceDefinitions().list().getItems())
                    .as("Helm keeps CRDs it installed from crds/").hasSize(3);
        }
    }

    private static List<HasMetadata> releaseObjects(KubernetesClient admin) {
        String ns = ToolgateChart.NAMESPACE;
        return Stream.of(
                admin.serviceAccounts().inNamespace(ns).withLabels(RELEASE_LABEL).list().getItems(),
                admin.rbac().clusterRoles().withLabels(RELEASE_LABEL).list().getItems(),
                admin.rbac().clusterRoleBindings().withLabels(RELEASE_LABEL).list().getItems(),
                admin.rbac().roles().inAnyNamespace().withLabels(RELEASE_LABEL).list().getItems(),
                admin.rbac().roleBindings().inAnyNamespace().withLabels(RELEASE_LABEL).list().getItems(),
                admin.apps().deployments().inNamespace(ns).withLabels(RELEASE_LABEL).list().getItems(),
                admin.services().inNamespace(ns).withLabels(RELEASE_LABEL).list().getItems(),
                admin.configMaps().inNamespace(ns).withLabels(RELEASE_LABEL).list().getItems(),
                admin.admissionRegistration().v1().validatingAdmissionPolicies().withLabels(RELEASE_LABEL).list().getItems(),
                admin.admissionRegistration().v1().validatingAdmissionPolicyBindings().withLabels(RELEASE_LABEL).list().getItems())
                .<HasMetadata>flatMap(List::stream).toList();
    }

    private static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
