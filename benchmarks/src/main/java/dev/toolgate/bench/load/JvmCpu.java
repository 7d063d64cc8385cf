package dev.toolgate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time a JVM process has used so far, from {@code /proc}: in all (threads that ended included) and per JIT
 * compiler thread (HotSpot names them "C1 CompilerThreadN" and "C2 CompilerThreadN"). While the compilers are busy
 * the process is still warming up, and what it costs per call is not yet what it will cost.
 *
 * @param totalMillis    user + system time of the whole process
 * @param compilerMillis user + system time of each live compiler thread, by thread id (HotSpot starts and stops
 *                       compiler threads as needed, so differences are taken thread by thread)
 */
record JvmCpu(long totalMillis, Map<String, Long> compilerMillis) {
    private static final long MILLIS_PER_TICK = 1000 / 100; // USER_HZ is 100 on Linux
    static final JvmCpu NONE = new JvmCpu(0, Map.of());

    static JvmCpu of(long pid) {
        Path process = Path.of("/proc", String.valueOf(pid));
        Map<String, Long> compilers = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        compilers.put(task.getFileName().toString(), millis(stat));
                    }
                } catch (IOException ended) {
                    // the thread ended while we looked (no such file, or ESRCH on reading it)
                }
            }
            return new JvmCpu(millis(Files.readString(process.resolve("stat"))), compilers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** This JVM: the load-generating clients and the upstream MCP server. */
    static JvmCpu self() {
        return of(ProcessHandle.current().pid());
    }

    private static long millis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }

    /** The JIT's part of {@link #totalMillis}. */
    long jitMillis() {
        return compilerMillis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What was spent since {@code earlier}; a compiler thread that ended in between counts as having spent nothing. */
    JvmCpu minus(JvmCpu earlier) {
        Map<String, Long> compilers = new HashMap<>();
        compilerMillis.forEach((thread, millis) -> compilers.put(thread, millis - earlier.compilerMillis.getOrDefault(thread, 0L)));
        return new JvmCpu(totalMillis - earlier.totalMillis, compilers);
    }

    /** Two spans of CPU added up (their compiler time as one). */
    JvmCpu plus(JvmCpu other) {
        return new JvmCpu(totalMillis + other.totalMillis, Map.of("compilers", jitMillis() + other.jitMillis()));
    }

    /** The share of this CPU time that went to compiling, 0 to 1. */
    double jitShare() {
        return totalMillis == 0 ? 0 : (double) jitMillis() / totalMillis;
    }
}
