package dev.toolgate.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** The proxy's own meters besides the per-decision ones of {@link dev.toolgate.proxy.audit.MetricsAuditSink}. */
public final class ProxyMetrics {
    private final MeterRegistry registry;
    private final Timer decision;
    private final java.util.Map<String, Timer> upstreamTimers = new java.util.concurrent.ConcurrentHashMap<>();

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
        String statusClass = status == 0 ? "failed" : (status / 100) + "xx";
        upstreamTimers.computeIfAbsent(method + ' ' + statusClass, key -> Timer.builder("toolgate.upstream")
                .description("Upstream MCP server latency to response headers")
                .tag("method", method)
                .tag("status", statusClass)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
