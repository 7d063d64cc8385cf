package dev.toolgate.bench.load;

import dev.toolgate.demo.DemoMcpServer;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The proxy load benchmark (not a test): in one run, N concurrent MCP clients call an allowed tool on a local
 * upstream (the demo server) directly and through the proxy (a separate process from the jar), and the figures
 * are printed side by side with their ratios; then the proxy's RSS with 1,000 open sessions.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.toolgate.bench.load.ProxyLoadBenchmark
 *     [--jar proxy/target/toolgate-proxy.jar] [--clients 16] [--seconds 10] [--warmup 5] [--sessions 1000]
 *     [--jvm "-Xmx128m -XX:+UseSerialGC"] [--serve "--event-loops 1"]</pre>
 * Direct and proxied runs alternate (direct, proxied, direct, proxied) so drift on a shared machine hits both.
 */
public final class ProxyLoadBenchmark {
    private ProxyLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(option(args, "--jar", "proxy/target/toolgate-proxy.jar"));
        int clients = Integer.parseInt(option(args, "--clients", "16"));
        Duration seconds = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", "10")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(option(args, "--warmup", "5")));
        int sessions = Integer.parseInt(option(args, "--sessions", "1000"));
        List<String> jvm = Arrays.asList(option(args, "--jvm", "-Xms64m -Xmx128m -XX:+UseSerialGC -Xss512k").split(" "));
        List<String> serve = option(args, "--serve", "").isBlank() ? List.of() : Arrays.asList(option(args, "--serve", "").split(" "));

        Path work = Files.createTempDirectory("toolgate-bench-");
        Path policy = work.resolve("policy.yaml");
        try (InputStream in = ProxyLoadBenchmark.class.getResourceAsStream("/demo/demo-policy.yaml")) {
            Files.copy(in, policy);
        }
        System.out.printf("toolgate proxy load benchmark: %d clients, %d s measured per target (x2, alternating), %d s warm-up,"
                + " %d cores, proxy JVM %s%n", clients, seconds.toSeconds(), warmup.toSeconds(),
                Runtime.getRuntime().availableProcessors(), jvm);

        try (DemoMcpServer upstream = DemoMcpServer.start(0);
             ProxyProcess proxy = new ProxyProcess(jar, jvm, serve, policy, upstream.mcpUri(), work.resolve("audit.jsonl"), work.resolve("proxy.log"))) {
            URI direct = upstream.mcpUri();
            URI proxied = proxy.endpoint();
            System.out.println("direct: " + direct + "  proxied: " + proxied);
            ClosedLoopLoad.run("direct", direct, clients, warmup);
            ClosedLoopLoad.run("proxied", proxied, clients, warmup);
            Duration half = seconds.dividedBy(2);
            LoadResult d1 = ClosedLoopLoad.run("direct", direct, clients, half);
            long cpuBefore = proxy.cpuMillis();
            LoadResult p1 = ClosedLoopLoad.run("proxied", proxied, clients, half);
            long cpuMiddle = proxy.cpuMillis();
            LoadResult d2 = ClosedLoopLoad.run("direct", direct, clients, half);
            long cpuMiddle2 = proxy.cpuMillis();
            LoadResult p2 = ClosedLoopLoad.run("proxied", proxied, clients, half);
            long proxyCpu = cpuMiddle - cpuBefore + proxy.cpuMillis() - cpuMiddle2;
            LoadResult proxiedResult = LoadResult.combine(p1, p2);
            report(LoadResult.combine(d1, d2), proxiedResult);
            System.out.printf("proxy CPU: %.0f µs per proxied call (%.2f of %d cores busy in the proxy during the proxied runs)%n",
                    proxyCpu * 1000.0 / proxiedResult.calls(), proxyCpu / 1000.0 / proxiedResult.seconds(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("proxy RSS after the load runs: %d MiB%n", proxy.rssKib() / 1024);
        }

        // sessions: a fresh proxy in front of an upstream that pings its sessions every second (which also sends
        // the headers of each waiting GET stream), then 1,000 clients that initialize and hold their GET stream open
        try (DemoMcpServer upstream = DemoMcpServer.start(0, Duration.ofSeconds(1));
             ProxyProcess proxy = new ProxyProcess(jar, jvm, serve, policy, upstream.mcpUri(), work.resolve("audit-sessions.jsonl"),
                     work.resolve("proxy-sessions.log"))) {
            long idleRss = proxy.rssKib();
            long before = System.nanoTime();
            List<HttpResponse<InputStream>> streams = ClosedLoopLoad.openSessions(proxy.endpoint(), sessions);
            System.out.printf("%nopened %d sessions through the proxy (initialize + GET stream held open) in %.1f s; proxy reports %s%n",
                    sessions, (System.nanoTime() - before) / 1e9, proxy.metric("toolgate_sessions_open"));
            System.out.printf("proxy RSS: %d MiB idle after start, %d MiB with %d open sessions (target <= 256 MiB)%n",
                    idleRss / 1024, proxy.rssKib() / 1024, sessions);
            for (HttpResponse<InputStream> stream : streams) {
                stream.body().close();
            }
        }
        // the MCP SDK's servlet transport leaves its non-daemon session-sweeper thread running after closeGracefully()
        System.exit(0);
    }

    private static void report(LoadResult direct, LoadResult proxied) {
        System.out.printf("%n%-8s %10s %10s %10s %12s %8s%n", "target", "calls", "p50 ms", "p99 ms", "calls/s", "errors");
        for (LoadResult r : List.of(direct, proxied)) {
            System.out.printf("%-8s %10d %10.3f %10.3f %12.1f %8d%n", r.target(), r.calls(), r.percentileMillis(50),
                    r.percentileMillis(99), r.callsPerSecond(), r.errors());
        }
        double p50Ratio = proxied.percentileMillis(50) / direct.percentileMillis(50);
        double p50Target = 1.10 * direct.percentileMillis(50) + 0.5;
        System.out.printf("%nratios proxied/direct: p50 %.2f, p99 %.2f, throughput %.2f%n", p50Ratio,
                proxied.percentileMillis(99) / direct.percentileMillis(99), proxied.callsPerSecond() / direct.callsPerSecond());
        System.out.printf("targets: proxied p50 %.3f ms <= 1.10 x direct + 0.5 ms = %.3f ms: %s; throughput ratio >= 0.80: %s%n",
                proxied.percentileMillis(50), p50Target, proxied.percentileMillis(50) <= p50Target ? "met" : "NOT met",
                proxied.callsPerSecond() / direct.callsPerSecond() >= 0.8 ? "met" : "NOT met");
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
