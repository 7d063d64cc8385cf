package dev.toolgate.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Direct, proxied (Toolgate) and relayed ({@link BareRelay}) runs at one client count, alternating (direct,
 * proxied, relayed, direct, proxied, relayed) so drift on a shared machine hits all three, with the CPU each side
 * spent: this JVM's (the clients and the upstream) and the proxy's or relay's.
 *
 * @param warmupRounds    warm-up rounds run before the measurement (each gives every target one spell of load)
 * @param benchJitShare   the share of this JVM's CPU its JIT compilers took during the measured runs
 * @param proxyJitShare   the same for the proxy, during its measured runs
 * @param relayJitShare   the same for the relay, during its measured runs
 * @param proxiedSliceP50s the proxied target's p50 (ms) in each measured slice, in order
 * @param relayedSliceP50s the relayed target's p50 (ms) in each measured slice, in order
 */
record Comparison(int clients, LoadResult direct, LoadResult proxied, LoadResult relayed, double benchCpuMicrosPerDirectCall,
                  double benchCpuMicrosPerProxiedCall, double proxyCpuMicrosPerCall, double proxyCoresBusy,
                  double relayCpuMicrosPerCall, int warmupRounds, double benchJitShare, double proxyJitShare,
                  double relayJitShare, List<Double> proxiedSliceP50s, List<Double> relayedSliceP50s) {
    /** A JVM whose compilers take less than this share of its CPU has reached steady state. */
    static final double STEADY_JIT_SHARE = 0.03;

    /**
     * Warms up until every JVM is steady, then measures. Warm-up goes in rounds in the same alternation as the
     * measurement, each target {@code round} at a time, so each JVM also sees load return after an idle spell,
     * until in one whole round the JIT compilers of every JVM took under {@link #STEADY_JIT_SHARE} of its CPU, or
     * each target has had {@code maxWarmup} of load. On two shared cores C2 needs minutes of load to finish
     * compiling the proxy's hot paths; measuring before that measures the compiler, not the proxy.
     */
    static Comparison measure(URI direct, ProxyProcess proxy, ProxyProcess relay, int clients, Duration round,
                              Duration maxWarmup, Duration measured, int slices, String authorization) throws Exception {
        Leg directLeg = new Leg("direct", direct, null, authorization);
        Leg proxiedLeg = new Leg("proxied", proxy.endpoint(), proxy, authorization);
        Leg relayedLeg = new Leg("relayed", relay.endpoint(), relay, authorization);
        List<Leg> legs = List.of(directLeg, proxiedLeg, relayedLeg);
        int rounds = 0;
        boolean steady = false;
        while (!steady && round.multipliedBy(rounds).compareTo(maxWarmup) < 0) {
            JvmCpu bench = JvmCpu.self();
            StringBuilder rates = new StringBuilder();
            steady = true;
            for (Leg leg : legs) {
                Leg.Run run = leg.run(clients, round);
                rates.append(String.format(" %s %.0f calls/s", leg.name, run.result().callsPerSecond()));
                if (leg.process != null) {
                    rates.append(String.format(" (its JIT %.0f %%)", 100 * run.process().jitShare()));
                }
                rates.append(';');
                steady &= leg.process == null || run.process().jitShare() < STEADY_JIT_SHARE;
            }
            JvmCpu benchSpent = JvmCpu.self().minus(bench);
            steady &= benchSpent.jitShare() < STEADY_JIT_SHARE;
            rounds++;
            System.out.printf("  warm-up round %d:%s clients+upstream JIT %.0f %%%n", rounds, rates,
                    100 * benchSpent.jitShare());
        }
        // the measured time in slices, alternating: the machine's drift within the run then hits every target alike
        Duration slice = measured.dividedBy(slices);
        for (int i = 0; i < slices; i++) {
            for (Leg leg : legs) {
                leg.measure(clients, slice);
            }
        }
        JvmCpu benchMeasured = directLeg.bench.plus(proxiedLeg.bench).plus(relayedLeg.bench);
        return new Comparison(clients, directLeg.result, proxiedLeg.result, relayedLeg.result,
                directLeg.benchMicrosPerCall(), proxiedLeg.benchMicrosPerCall(), proxiedLeg.processMicrosPerCall(),
                proxiedLeg.own.totalMillis() / 1e3 / proxiedLeg.result.seconds(), relayedLeg.processMicrosPerCall(),
                rounds, benchMeasured.jitShare(), proxiedLeg.own.jitShare(), relayedLeg.own.jitShare(),
                List.copyOf(proxiedLeg.sliceP50s), List.copyOf(relayedLeg.sliceP50s));
    }

    /** One target's measured runs added up, with the CPU this JVM and the target's process spent during them. */
    private static final class Leg {
        private final String name;
        private final URI endpoint;
        private final ProxyProcess process;
        private final String authorization;
        private LoadResult result;
        private JvmCpu bench = JvmCpu.NONE;
        private JvmCpu own = JvmCpu.NONE;
        private final List<Double> sliceP50s = new ArrayList<>();

        Leg(String name, URI endpoint, ProxyProcess process, String authorization) {
            this.name = name;
            this.endpoint = endpoint;
            this.process = process;
            this.authorization = authorization;
        }

        /** One spell of load and the CPU it took: this JVM's, and the target process's (none for direct). */
        record Run(LoadResult result, JvmCpu bench, JvmCpu process) {
        }

        Run run(int clients, Duration duration) throws Exception {
            JvmCpu benchBefore = JvmCpu.self();
            JvmCpu ownBefore = process == null ? JvmCpu.NONE : process.cpu();
            LoadResult run = ClosedLoopLoad.run(name, endpoint, authorization, clients, duration);
            JvmCpu ownAfter = process == null ? JvmCpu.NONE : process.cpu();
            return new Run(run, JvmCpu.self().minus(benchBefore), ownAfter.minus(ownBefore));
        }

        void measure(int clients, Duration duration) throws Exception {
            Run run = run(clients, duration);
            bench = bench.plus(run.bench());
            own = own.plus(run.process());
            result = result == null ? run.result() : LoadResult.combine(result, run.result());
            sliceP50s.add(run.result().percentileMillis(50));
        }

        double benchMicrosPerCall() {
            return bench.totalMillis() * 1e3 / result.calls();
        }

        double processMicrosPerCall() {
            return own.totalMillis() * 1e3 / result.calls();
        }
    }

    /**
     * What the relayed target adds to the proxied one's p50 (µs), slice by slice: each pair of slices ran back to
     * back, so the machine's drift during the run hits both alike, and the median of the pairs is the A/B's figure.
     */
    double[] relayedMinusProxiedMicrosPerSlice() {
        double[] added = new double[proxiedSliceP50s.size()];
        for (int i = 0; i < added.length; i++) {
            added[i] = 1000 * (relayedSliceP50s.get(i) - proxiedSliceP50s.get(i));
        }
        return added;
    }

    double medianRelayedMinusProxiedMicros() {
        double[] sorted = relayedMinusProxiedMicrosPerSlice().clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
