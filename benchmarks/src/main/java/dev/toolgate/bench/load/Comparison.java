package dev.toolgate.bench.load;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Direct and proxied runs at one client count, alternating (direct, proxied, direct, proxied) so drift on a shared
 * machine hits both, with the CPU each side spent: this JVM's (the clients and the upstream) and the proxy's.
 */
record Comparison(int clients, LoadResult direct, LoadResult proxied, double benchCpuMicrosPerDirectCall,
                  double benchCpuMicrosPerProxiedCall, double proxyCpuMicrosPerCall, double proxyCoresBusy) {

    static Comparison measure(URI direct, URI proxied, ProxyProcess proxy, int clients, Duration warmup, Duration measured)
            throws Exception {
        ClosedLoopLoad.run("direct", direct, clients, warmup);
        ClosedLoopLoad.run("proxied", proxied, clients, warmup);
        Duration half = measured.dividedBy(2);
        long benchCpu0 = benchCpuNanos();
        LoadResult d1 = ClosedLoopLoad.run("direct", direct, clients, half);
        long benchCpu1 = benchCpuNanos();
        long proxyCpu1 = proxy.cpuMillis();
        LoadResult p1 = ClosedLoopLoad.run("proxied", proxied, clients, half);
        long benchCpu2 = benchCpuNanos();
        long proxyCpu2 = proxy.cpuMillis();
        LoadResult d2 = ClosedLoopLoad.run("direct", direct, clients, half);
        long benchCpu3 = benchCpuNanos();
        long proxyCpu3 = proxy.cpuMillis();
        LoadResult p2 = ClosedLoopLoad.run("proxied", proxied, clients, half);
        long benchCpu4 = benchCpuNanos();
        long proxyCpu4 = proxy.cpuMillis();

        LoadResult directResult = LoadResult.combine(d1, d2);
        LoadResult proxiedResult = LoadResult.combine(p1, p2);
        long proxyCpuMillis = proxyCpu2 - proxyCpu1 + proxyCpu4 - proxyCpu3;
        return new Comparison(clients, directResult, proxiedResult,
                (benchCpu1 - benchCpu0 + benchCpu3 - benchCpu2) / 1e3 / directResult.calls(),
                (benchCpu2 - benchCpu1 + benchCpu4 - benchCpu3) / 1e3 / proxiedResult.calls(),
                proxyCpuMillis * 1e3 / proxiedResult.calls(), proxyCpuMillis / 1e3 / proxiedResult.seconds());
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

    /**
     * The throughput ratio to expect if the machine's CPU is what limits both runs: a direct call costs the clients
     * and the upstream this much; a proxied one costs them about as much again plus the proxy's share.
     */
    double cpuBoundRatio() {
        return benchCpuMicrosPerDirectCall / (benchCpuMicrosPerProxiedCall + proxyCpuMicrosPerCall);
    }
}
