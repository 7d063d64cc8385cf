package dev.toolgate.operator;

import dev.toolgate.admin.AdminRoute;
import dev.toolgate.admin.approvals.ApprovalsPage;
import dev.toolgate.operator.approvals.ApprovalsApi;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The running operator: controllers, Micrometer metrics and the HTTP endpoints; {@link OperatorMain} starts one. */
public final class OperatorRuntime implements AutoCloseable {
    private final Operator operator;
    private final OperatorHttpServer http;
    /** null when the approvals API is off */
    private final ApprovalsApi approvals;

    private OperatorRuntime(Operator operator, OperatorHttpServer http, ApprovalsApi approvals) {
        this.operator = operator;
        this.http = http;
        this.approvals = approvals;
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
        ApprovalsApi approvals = settings.approvalsApi()
                ? ApprovalsApi.start(client, settings.watchNamespaces(), Clock.systemUTC()) : null;
        OperatorHttpServer http;
        try {
            http = OperatorHttpServer.start(settings.httpPort(), registry,
                    () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    routes(approvals));
        } catch (InterruptedException | RuntimeException e) {
            close(approvals);
            throw e;
        }
        try {
            operator.start();
        } catch (RuntimeException e) {
            http.close();
            close(approvals);
            throw e;
        }
        return new OperatorRuntime(operator, http, approvals);
    }

    /**
     * Every route on the HTTP port besides /metrics, /healthz and /readyz, asked in order: the one place to add one.
     * The page answering browsers on /approvals goes first, before the JSON API,
     * which answers what the page does not.
     */
    private static List<AdminRoute> routes(ApprovalsApi approvals) {
        List<AdminRoute> routes = new ArrayList<>();
        if (approvals != null) {
            routes.add(new ApprovalsPage());
            routes.add(approvals);
        }
        return routes;
    }

    private static void close(ApprovalsApi approvals) {
        if (approvals != null) {
            approvals.close();
        }
    }

    /** The port of /metrics, /healthz, /readyz and the approvals API. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        operator.stop();
        http.close();
        close(approvals);
    }
}
