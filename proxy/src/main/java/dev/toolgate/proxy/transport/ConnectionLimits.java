package dev.toolgate.proxy.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many client connections the MCP port holds open, in total and per client address. A connection over either
 * bound is refused as it is accepted (see {@link ConnectionGate}), so one client opening connections cannot take
 * the sockets, memory and event-loop time every other client needs. Shared by all event loops.
 */
public final class ConnectionLimits {
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections per client address; an address leaves the map with its last connection. */
    private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final Counter refused;

    public ConnectionLimits(int maxTotal, int maxPerAddress, MeterRegistry registry) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        Gauge.builder("toolgate.connections.open", open, AtomicInteger::get)
                .description("Client connections open on the MCP port").register(registry);
        this.refused = Counter.builder("toolgate.connections.refused")
                .description("Client connections refused because a connection limit was reached").register(registry);
    }

    /** Counts a new connection from {@code address} in, or says no (and counts nothing) when a bound is reached. */
    public boolean admit(InetAddress address) {
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            refused.increment();
            return false;
        }
        boolean[] admitted = {false};
        byAddress.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            refused.increment();
        }
        return admitted[0];
    }

    /** A connection {@link #admit}ted from {@code address} closed. */
    public void release(InetAddress address) {
        byAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }
}
