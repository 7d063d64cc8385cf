package dev.toolgate.bench.load;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Direct, proxied (Toolgate) and relayed ({@link BareRelay}) runs at one client count, alternating (direct,
 * proxied, relayed, direct, proxied, relayed) so drift on a shared machine hits all three, with the CPU each side
 * spent: this JVM's (the clients and the upstream) and the proxy's or relay's.
 */
record Comparison(int clients, LoadResult direct, LoadResult proxied, LoadResult relayed, double benchCpuMicrosPerDirectCall,
                  double benchCpuMicrosPerProxiedCall, double proxyCpuMicrosPerCall, double proxyCoresBusy,
                  double relayCpuMicrosPerCall) {

    static Comparison measure(URI direct, ProxyProcess proxy, ProxyProcess relay, int clients, Duration warmup,
                              Duration measured) throws Exception {
        Leg directLeg = new Leg("direct", direct, null);
        Leg proxiedLeg = new Leg("proxied", proxy.endpoint(), proxy);
        Leg relayedLeg = new Leg("relayed", relay.endpoint(), relay);
        // warm up in the same alternation as the measurement: each target's JIT sees load return after an idle
        // spell (when C2 compiles once more, for seconds) before anything is measured
        for (int round = 0; round < 2; round++) {
            for (Leg leg : new Leg[]{directLeg, proxiedLeg, relayedLeg}) {
                ClosedLoopLoad.run(leg.name, leg.endpoint, clients, warmup.dividedBy(2));
            }
        }
        Duration half = measured.dividedBy(2);
        for (int round = 0; round < 2; round++) {
            for (Leg leg : new Leg[]{directLeg, proxiedLeg, relayedLeg}) {
                leg.run(clients, half);
            }
        }
        return new Comparison(clients, directLeg.result, proxiedLeg.result, relayedLeg.result,
                directLeg.benchCpuMicrosPerCall(), proxiedLeg.benchCpuMicrosPerCall(), proxiedLeg.processCpuMicrosPerCall(),
                proxiedLeg.processCpuMillis / 1e3 / proxiedLeg.result.seconds(), relayedLeg.processCpuMicrosPerCall());
    }

    /** One target's measured runs added up, with the CPU this JVM and the target's process spent during them. */
    private static final class Leg {
        private final String name;
        private final URI endpoint;
        private final ProxyProcess process;
        private LoadResult result;
        private long benchCpuNanos;
        private long processCpuMillis;

        Leg(String name, URI endpoint, ProxyProcess process) {
            this.name = name;
            this.endpoint = endpoint;
            this.process = process;
        }

        void run(int clients, Duration duration) throws Exception {
            long bench = benchCpuNanos();
            long own = process == null ? 0 : process.cpuMillis();
            LoadResult run = ClosedLoopLoad.run(name, endpoint, clients, duration);
            benchCpuNanos += benchCpuNanos() - bench;
            processCpuMillis += process == null ? 0 : process.cpuMillis() - own;
            result = result == null ? run : LoadResult.combine(result, run);
        }

        double benchCpuMicrosPerCall() {
            return benchCpuNanos / 1e3 / result.calls();
        }

        double processCpuMicrosPerCall() {
            return processCpuMillis * 1e3 / result.calls();
        }
    }

    /** CPU time of this JVM: the load-generating clients and the upstream MCP server. */
    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    double p50Ratio() {
        return proxied.percentileMillis(50) / direct.percentileMillis(50);
    }

    double p50TargetMillis() {
        return 1.10 * direct.percentileMillis(50) + 0.5;
    }

    boolean p50Met() {
        return proxied.percentileMillis(50) <= p50TargetMillis();
    }

    double throughputRatio() {
        return proxied.callsPerSecond() / direct.callsPerSecond();
    }

    double relayThroughputRatio() {
        return relayed.callsPerSecond() / direct.callsPerSecond();
    }

    /**
     * The throughput ratio to expect if the machine's CPU is what limits both runs: a direct call costs the clients
     * and the upstream this much; a proxied one costs them about as much again plus the proxy's share.
     */
    double cpuBoundRatio() {
        return benchCpuMicrosPerDirectCall / (benchCpuMicrosPerProxiedCall + proxyCpuMicrosPerCall);
    }
}
