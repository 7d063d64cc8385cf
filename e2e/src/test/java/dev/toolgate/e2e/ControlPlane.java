package dev.toolgate.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real kube-apiserver and etcd (kube-api-test), RBAC on, every request written to an audit log; a kubeconfig file
 * for kubectl and Helm, and clients as the cluster admin or as a ServiceAccount.
 */
public final class ControlPlane implements AutoCloseable {
    private final KubeAPIServer server;
    private final Path work;
    private final Path kubeconfig;
    private final Path kubectl;
    private final AuditLog audit;

    private ControlPlane(KubeAPIServer server, Path work, Path kubeconfig, Path kubectl, AuditLog audit) {
        this.server = server;
        this.work = work;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.audit = audit;
    }

    /** Starts a fresh API server and etcd (a few seconds) from the binaries the script built. */
    public static ControlPlane start(ControlPlaneBinaries binaries) {
        try {
            Path work = Files.createTempDirectory("toolgate-e2e");
            Path auditPolicy = work.resolve("audit-policy.yaml");
            Files.writeString(auditPolicy, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                    - level: Metadata
                    """);
            Path auditLog = work.resolve("audit.log");
            KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withTestDir(binaries.testDir().toString())
                    .withApiServerVersion(binaries.version())
                    .withOfflineMode(true)
                    // never touch the user's ~/.kube/config: kubectl and Helm get the file written below
                    .withUpdateKubeConfig(false)
                    .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                    .withApiServerFlag("--audit-log-path", auditLog.toString())
                    .withApiServerFlag("--audit-log-format", "json")
                    .withApiServerFlag("--audit-log-mode", "blocking")
                    .build());
            server.start();
            Path kubeconfig = work.resolve("kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            return new ControlPlane(server, work, kubeconfig, binaries.kubectl(), new AuditLog(auditLog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubeconfig file of the cluster admin (system:masters), for kubectl and Helm. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public String kubeconfigYaml() {
        try {
            return Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AuditLog audit() {
        return audit;
    }

    /** The real kubectl, as the cluster admin. */
    public Kubectl kubectl() {
        return new Kubectl(kubectl, kubeconfig, List.of());
    }

    /** The real kubectl, impersonating a ServiceAccount ({@code --as}). */
    public Kubectl kubectlAs(ServiceAccountName account) {
        return new Kubectl(kubectl, kubeconfig, account.impersonationFlags());
    }

    public KubernetesClient adminClient() {
        return new KubernetesClientBuilder().withConfig(adminConfig()).build();
    }

    /** A client that acts as the ServiceAccount: the API server authorizes every request with its RBAC only. */
    public KubernetesClient clientAs(ServiceAccountName account) {
        Config config = adminConfig();
        config.setImpersonateUsername(account.username());
        config.setImpersonateGroups(account.groups().toArray(String[]::new));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private Config adminConfig() {
        Config config = Config.fromKubeconfig(kubeconfigYaml());
        // the operator's informers and the proxy's watch would otherwise back off for long on a refused request
        config.setRequestRetryBackoffLimit(3);
        return config;
    }

    @Override
    public void close() {
        server.stop();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is not worth failing a test run for
        }
    }
}
