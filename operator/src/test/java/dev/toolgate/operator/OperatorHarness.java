package dev.toolgate.operator;

import dev.toolgate.operator.policy.PolicyValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real operator against the fabric8 mock API server (CRUD mode): the checked-in CRDs are registered first,
 * and server-side apply is off because the mock does not implement it (production keeps it on).
 */
public final class OperatorHarness implements AutoCloseable {
    public static final Path CRDS = Path.of("..", "crds");

    private final Operator operator;
    private final ReconcileCounter reconciles;

    private OperatorHarness(Operator operator, ReconcileCounter reconciles) {
        this.operator = operator;
        this.reconciles = reconciles;
    }

    public static OperatorHarness start(KubernetesClient client, PolicyValidator validator) throws IOException {
        registerCrds(client);
        var reconciles = new ReconcileCounter();
        Operator operator = new Operator(o -> o
                .withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withMetrics(reconciles));
        ToolgateOperator.register(operator, new OperatorSettings(Set.of(), "toolgate-operator-test", 0), validator, Clock.systemUTC());
        operator.start();
        return new OperatorHarness(operator, reconciles);
    }

    public static void registerCrds(KubernetesClient client) throws IOException {
        try (var files = Files.list(CRDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    var resource = client.apiextensions().v1().customResourceDefinitions().resource(crd);
                    if (resource.get() == null) {
                        resource.create();
                    }
                }
            }
        }
    }

    /** Reconciliations finished so far for a resource (any kind) of this name. */
    public int reconciles(String name) {
        return reconciles.finished.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    @Override
    public void close() {
        operator.stop();
    }

    /** Counts finished reconciliations, so a test knows a reconcile happened without sleeping. */
    static final class ReconcileCounter implements Metrics {
        final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

        @Override
        public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
            finished.computeIfAbsent(resource.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet();
        }
    }
}
