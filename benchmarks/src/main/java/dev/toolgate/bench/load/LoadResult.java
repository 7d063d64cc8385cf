package dev.toolgate.bench.load;

import java.util.Arrays;

/** Latencies (µs) of the calls of one measured run and what they add up to. */
record LoadResult(String target, long[] latenciesMicros, double seconds, long errors) {
    long calls() {
        return latenciesMicros.length;
    }

    double callsPerSecond() {
        return calls() / seconds;
    }

    double percentileMillis(double percentile) {
        long[] sorted = latenciesMicros.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    static LoadResult combine(LoadResult a, LoadResult b) {
        long[] all = Arrays.copyOf(a.latenciesMicros, a.latenciesMicros.length + b.latenciesMicros.length);
        System.arraycopy(b.latenciesMicros, 0, all, a.latenciesMicros.length, b.latenciesMicros.length);
        return new LoadResult(a.target, all, a.seconds + b.seconds, a.errors + b.errors);
    }
}
