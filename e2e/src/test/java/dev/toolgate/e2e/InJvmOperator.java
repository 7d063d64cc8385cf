package dev.toolgate.e2e;

import dev.toolgate.operator.OperatorRuntime;
import dev.toolgate.operator.OperatorSettings;
import dev.toolgate.operator.policy.LanguagePolicyValidator;

import java.util.Set;

/**
 * The operator as production runs it (server-side apply on, the language validator), in this JVM, acting as the
 * chart's ServiceAccount: no kubelet runs its pod, so the test impersonates the account the pod would run as.
 * It watches only the given namespaces, so test classes sharing one API server do not reconcile each other's objects.
 */
public final class InJvmOperator implements AutoCloseable {
    private final OperatorRuntime runtime;

    private InJvmOperator(OperatorRuntime runtime) {
        this.runtime = runtime;
    }

    public static InJvmOperator start(ControlPlane cluster, String... namespaces) throws Exception {
        // the runtime owns the client and closes it on stop
        var client = cluster.clientAs(ToolgateChart.OPERATOR);
        return new InJvmOperator(OperatorRuntime.start(client,
                new OperatorSettings(Set.of(namespaces), "toolgate-operator-e2e", 0), new LanguagePolicyValidator(), o -> {
                }));
    }

    /** The port of its HTTP server: /metrics, the probes and the approvals API. */
    public int httpPort() {
        return runtime.httpPort();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
