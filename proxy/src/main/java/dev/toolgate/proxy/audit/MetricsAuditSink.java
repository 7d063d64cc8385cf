package dev.toolgate.proxy.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.toolgate.policy.Outcome;
import dev.toolgate.proxy.jsonrpc.ToolNames;
import dev.toolgate.proxy.metrics.MeterTable;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts decisions as {@code toolgate_tool_calls_total{tool,decision}} and times them end to end as
 * {@code toolgate_tool_call_seconds{decision}}. Tool names come from clients, so at most {@value #MAX_TOOLS}
 * distinct names of at most {@value ToolNames#MAX_LENGTH} characters become tag values; the rest are counted under
 * {@code tool="_other"}. (The decide stage refuses longer names; this bound holds whoever records.)
 */
public final class MetricsAuditSink implements AuditSink {
    static final int MAX_TOOLS = 500;
    private static final String OTHER = "_other";
    private final MeterRegistry registry;
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();

    /** Meters by tool tag and decision, looked up once: registering on every call would cost more than the call. */
    private final MeterTable<Counter> counters;
    private final Map<Outcome, Timer> timers = new ConcurrentHashMap<>();

    public MetricsAuditSink(MeterRegistry registry) {
        this.registry = registry;
        this.counters = new MeterTable<>(Outcome.values().length, (tool, decision) -> Counter.builder("toolgate.tool.calls")
                .description("Tool calls by tool and decision")
                .tag("tool", tool)
                .tag("decision", Outcome.values()[decision].name().toLowerCase(Locale.ROOT))
                .register(registry));
    }

    @Override
    public void record(AuditRecord record) {
        String tool = toolTag(record.tool());
        counters.get(tool, record.decision().ordinal()).increment();
        timers.computeIfAbsent(record.decision(), decision -> Timer.builder("toolgate.tool.call")
                .description("Time from receiving a tool call to knowing its outcome")
                .tag("decision", decision.name().toLowerCase(Locale.ROOT))
                .register(registry)).record(record.latencyMicros(), TimeUnit.MICROSECONDS);
    }

    private String toolTag(String tool) {
        if (tool == null || tool.length() > ToolNames.MAX_LENGTH) {
            return OTHER;
        }
        if (tagged.contains(tool)) {
            return tool;
        }
        if (tagged.size() < MAX_TOOLS && tagged.add(tool)) {
            return tool;
        }
        return tagged.contains(tool) ? tool : OTHER;
    }
}
