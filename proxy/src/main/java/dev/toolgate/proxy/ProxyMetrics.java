package dev.toolgate.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import dev.toolgate.proxy.metrics.MeterTable;

/** The proxy's own meters besides the per-decision ones of {@link dev.toolgate.proxy.audit.MetricsAuditSink}. */
public final class ProxyMetrics {
    private final MeterRegistry registry;
    private final Timer decision;
    /** Per HTTP method, one timer per status class (slot 0: failed, 1 to 5: 1xx to 5xx). */
    private final MeterTable<Timer> upstreamTimers;

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decision = Timer.builder("toolgate.decision")
                .description("Time the policy took to decide one tools/call")
                .publishPercentileHistogram(false)
                .register(registry);
        this.upstreamTimers = new MeterTable<>(6, (method, statusClass) -> Timer.builder("toolgate.upstream")
                .description("Upstream MCP server latency to response headers")
                .tag("method", method)
                .tag("status", statusClass == 0 ? "failed" : statusClass + "xx")
                .register(registry));
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void decided(long nanos) {
        decision.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Time from sending a request upstream to its response headers, by HTTP method and status class. */
    public void upstream(String method, int status, long nanos) {
        int statusClass = status / 100 >= 1 && status / 100 <= 5 ? status / 100 : 0;
        upstreamTimers.get(method, statusClass).record(nanos, TimeUnit.NANOSECONDS);
    }
}
