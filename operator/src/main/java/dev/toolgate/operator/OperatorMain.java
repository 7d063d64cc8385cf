package dev.toolgate.operator;

import dev.toolgate.operator.http.OperatorHttpServer;
import dev.toolgate.operator.policy.LanguagePolicyValidator;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The Toolgate operator: runs against the current kubeconfig locally, or in-cluster with its ServiceAccount.
 * Env: WATCH_NAMESPACES (comma separated; empty = all), TOOLGATE_PROXY_IMAGE (the proxy image it deploys).
 */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        var client = new KubernetesClientBuilder().build();
        Operator operator = new Operator(o -> o
                .withKubernetesClient(client)
                .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build()));
        ToolgateOperator.register(operator, settings, new LanguagePolicyValidator(), Clock.systemUTC());
        operator.installShutdownHook(Duration.ofSeconds(10));

        OperatorHttpServer http = OperatorHttpServer.start(settings.httpPort(), registry,
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
        Runtime.getRuntime().addShutdownHook(new Thread(http::close, "toolgate-http-stop"));
        operator.start();
        LOG.info("Toolgate operator started: namespaces {}, metrics and probes on :{}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(), http.port());
    }
}
