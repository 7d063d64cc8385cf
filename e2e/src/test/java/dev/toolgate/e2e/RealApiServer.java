package dev.toolgate.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real API server for the whole test run (starting one takes seconds on a loaded machine), injected as a
 * {@link ControlPlane} parameter; each test class works in namespaces of its own.
 *
 * <p>Without the binaries: under {@code CI=true} the tests fail, so CI can never go green without the real server;
 * elsewhere they are skipped with a message naming the script that builds them.
 */
public final class RealApiServer implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
    static final String MISSING = "the Kubernetes control plane is not built: run scripts/kube-control-plane.sh"
            + " (kube-apiserver, etcd and kubectl from Go sources, cached outside the work tree)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (ci() || ControlPlaneBinaries.find(Repository.root()).isPresent()) {
            return ConditionEvaluationResult.enabled("the control plane is built, or CI=true (then missing binaries fail)");
        }
        System.err.println("toolgate-e2e: skipped, " + MISSING);
        return ConditionEvaluationResult.disabled(MISSING);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static ControlPlane shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(RealApiServer.class))
                .computeIfAbsent(ControlPlane.class, type -> ControlPlane.start(binaries()), ControlPlane.class);
    }

    /** A second API server of one's own (an empty cluster), which the caller closes. */
    static ControlPlane startAnother() {
        return ControlPlane.start(binaries());
    }

    /** The binaries; their absence reaches here only under CI=true, where it fails the tests. */
    private static ControlPlaneBinaries binaries() {
        return ControlPlaneBinaries.find(Repository.root()).orElseThrow(() -> new IllegalStateException(
                MISSING + "; CI=true, so the real-server tests fail instead of being skipped"));
    }

    private static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }
}
