package dev.toolgate.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;

/**
 * The chart in {@code helm/toolgate}, installed with Helm (helm-java) into the test API server, as the README does:
 * {@code helm install toolgate ./helm/toolgate --namespace toolgate-system --create-namespace}.
 */
public final class ToolgateChart {
    public static final String RELEASE = "toolgate";
    public static final String NAMESPACE = "toolgate-system";
    /** The operator's ServiceAccount, named by the chart ({@code <release>-operator}). */
    public static final ServiceAccountName OPERATOR = new ServiceAccountName(NAMESPACE, RELEASE + "-operator");

    private ToolgateChart() {
    }

    public static Release install(ControlPlane cluster) {
        return new Helm(Repository.path("helm/toolgate")).install().withName(RELEASE).withNamespace(NAMESPACE)
                .createNamespace().withKubeConfig(cluster.kubeconfig()).call();
    }

    /** Installs the release unless the shared API server already has it (another test class installed it). */
    public static void ensureInstalled(ControlPlane cluster) {
        try (var admin = cluster.adminClient()) {
            if (admin.serviceAccounts().inNamespace(NAMESPACE).withName(OPERATOR.name()).get() == null) {
                install(cluster);
            }
        }
    }
}
