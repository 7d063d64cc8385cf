package dev.toolgate.operator;

import dev.toolgate.operator.policy.LanguagePolicyValidator;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Toolgate operator: runs against the current kubeconfig locally, or in-cluster with its ServiceAccount.
 * Env: WATCH_NAMESPACES (comma separated; empty = all), TOOLGATE_PROXY_IMAGE (the proxy image it deploys),
 * TOOLGATE_APPROVALS_API (true or false). Serves /metrics, /healthz, /readyz and the approvals API on port 8080. Server-side apply stays on (JOSDK's default).
 */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        OperatorRuntime runtime = OperatorRuntime.start(new KubernetesClientBuilder().build(), settings,
                new LanguagePolicyValidator(), overrider -> {
                });
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "toolgate-operator-stop"));
        LOG.info("Toolgate operator started: namespaces {}, metrics and probes{} on :{}",
                settings.watchNamespaces().isEmpty() ? "all" : String.join(",", settings.watchNamespaces()),
                settings.approvalsApi() ? " and the approvals API (/approvals)" : "", runtime.httpPort());
    }
}
