package dev.toolgate.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** The proxy's own meters besides the per-decision ones of {@link dev.toolgate.proxy.audit.MetricsAuditSink}. */
public final class ProxyMetrics {
    private final MeterRegistry registry;
    private final Timer decision;

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decision = Timer.builder("toolgate.decision")
                .description("Time the policy took to decide one tools/call")
                .publishPercentileHistogram(false)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void decided(long nanos) {
        decision.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Time from sending a request upstream to its response headers, by HTTP method and status class. */
    public void upstream(String method, int status, long nanos) {
        Timer.builder("toolgate.upstream")
                .description("Upstream MCP server latency to response headers")
                .tag("method", method)
                .tag("status", status == 0 ? "failed" : (status / 100) + "xx")
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
