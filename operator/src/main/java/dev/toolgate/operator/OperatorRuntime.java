package dev.toolgate.operator;

import dev.toolgate.operator.http.OperatorHttpServer;
import dev.toolgate.operator.policy.PolicyValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.function.Consumer;

/** The running operator: controllers, Micrometer metrics and the HTTP endpoints; {@link OperatorMain} starts one. */
public final class OperatorRuntime implements AutoCloseable {
    private final Operator operator;
    private final OperatorHttpServer http;

    private OperatorRuntime(Operator operator, OperatorHttpServer http) {
        this.operator = operator;
        this.http = http;
    }

    /**
     * @param overrides further configuration, applied last (tests turn server-side apply off for the mock API server)
     */
    public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings, PolicyValidator validator,
                                        Consumer<ConfigurationServiceOverrider> overrides) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
            overrides.accept(o);
        });
        ToolgateOperator.register(operator, settings, validator, Clock.systemUTC());
        OperatorHttpServer http = OperatorHttpServer.start(settings.httpPort(), registry,
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
        try {
            operator.start();
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        return new OperatorRuntime(operator, http);
    }

    /** The port of /metrics, /healthz and /readyz. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        operator.stop();
        http.close();
    }
}
