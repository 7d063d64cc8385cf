package dev.toolgate.bench.load;

import dev.toolgate.demo.DemoMcpServer;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The proxy load benchmark (not a test): in one run, N concurrent MCP clients call an allowed tool on a local
 * upstream (the demo server) directly and through the proxy (a separate process from the jar), and the figures
 * are printed side by side with their ratios; then the proxy's RSS with 1,000 open sessions.
 *
 * <p>The options and their defaults are in {@code USAGE}. Direct, proxied and relayed runs alternate so drift on a shared machine hits all three; each client count is
 * warmed up until every JVM's JIT has settled ({@link Comparison#measure}), then measured; a list of client counts
 * is measured one after the other against the same upstream, proxy and relay. {@code --versus} puts a second Toolgate,
 * with these serve options added, in the relay's place: an A/B of two settings within one run, so the machine's
 * drift between runs does not decide it; {@code --versus-java} runs it on another JVM and {@code --versus-jar} from
 * another build of the proxy ({@code --versus ""} for the same settings). {@code --java} is the JVM of the proxy and the relay; the clients and the upstream run in this one.
 * {@code --jwt on} is the A/B of bearer JWTs against anonymous calls: every client sends the same RS256 token of an
 * issuer served here, the first Toolgate is anonymous (it passes the header on), the second (in the relay's place)
 * verifies it ({@code --oidc-issuer}, the verdict cached per token).
 */
public final class ProxyLoadBenchmark {
    private ProxyLoadBenchmark() {
    }

    private static final String USAGE = """
            java -cp benchmarks/target/benchmarks.jar dev.toolgate.bench.load.ProxyLoadBenchmark
                [--jar proxy/target/toolgate-proxy.jar] [--clients 16 | --clients 16,4,1] [--seconds 20] [--slices 4]
                [--round 10] [--max-warmup 600] [--sessions 1000] [--jvm "-Xms64m -Xmx128m -XX:+UseSerialGC -Xss512k"]
                [--serve "--event-loops 1"] [--java PATH] [--relay nginx | vertx | netty-http | tcp] [--nginx /usr/sbin/nginx]
                [--versus "SERVE OPTIONS"] [--versus-java PATH] [--versus-jar PATH] [--policy FILE (default: the demo's)] [--jwt on]""";
    private static final Set<String> OPTIONS = Set.of("--jar", "--clients", "--seconds", "--slices", "--round",
            "--max-warmup", "--sessions", "--jvm", "--serve", "--java", "--relay", "--nginx", "--versus", "--versus-java", "--versus-jar",
            "--policy", "--jwt");

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("usage: " + USAGE);
            return;
        }
        // a misspelt option would otherwise be ignored, and a ten-minute run would measure the defaults
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                System.err.println((OPTIONS.contains(args[i]) ? args[i] + " needs a value" : "unknown option " + args[i])
                        + "\nusage: " + USAGE);
                System.exit(2);
            }
        }
        Path jar = Path.of(option(args, "--jar", "proxy/target/toolgate-proxy.jar"));
        List<Integer> clientCounts = Arrays.stream(option(args, "--clients", "16").split(",")).map(String::strip)
                .map(Integer::valueOf).toList();
        Duration seconds = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", "20")));
        int slices = Integer.parseInt(option(args, "--slices", "4"));
        // warm-up: rounds of `round` per target until the JIT compilers of all three JVMs have settled, at most
        // `max-warmup` per target (C2 takes one to three minutes of load for the proxy on two shared cores)
        Duration round = Duration.ofSeconds(Long.parseLong(option(args, "--round", "10")));
        Duration maxWarmup = Duration.ofSeconds(Long.parseLong(option(args, "--max-warmup", "600")));
        int sessions = Integer.parseInt(option(args, "--sessions", "1000"));
        // the proxy's and relay's JVM: --java (default: the one running this benchmark, the clients and the upstream)
        List<String> jvmOptions = words(option(args, "--jvm", "-Xms64m -Xmx128m -XX:+UseSerialGC -Xss512k"));
        List<String> jvm = concat(List.of(option(args, "--java", ProxyProcess.thisJava())), jvmOptions);
        List<String> versusJvm = concat(List.of(option(args, "--versus-java", jvm.get(0))), jvmOptions);
        List<String> serve = words(option(args, "--serve", ""));
        String versus = option(args, "--versus", null);
        // JWTs A/B: the second Toolgate verifies the token every client sends; the first passes it on unread
        BenchIssuer issuer = "on".equals(option(args, "--jwt", "off")) ? new BenchIssuer() : null;
        String authorization = issuer == null ? null : "Bearer " + issuer.token();
        if (issuer != null) {
            versus = (versus == null ? "" : versus + " ") + issuer.serveOptions();
        }
        // another build of the proxy as the second Toolgate: an A/B of two commits in one run
        Path versusJar = Path.of(option(args, "--versus-jar", jar.toString()));
        // the third target: nginx (the reverse proxy platform teams already run: the yardstick), the bare Vert.x relay
        // (an HTTP hop on Vert.x, Toolgate's stack until 2026-12-01), an HTTP relay on Netty's codec alone (the floor
        // under an HTTP-aware hop on Toolgate's stack), or a byte pipe (the floor of any proxy)
        Relay relayKind = Relay.named(option(args, "--relay", "nginx"));
        String nginx = option(args, "--nginx", "/usr/sbin/nginx");
        String third = versus == null ? relayKind.label : "Toolgate" + (versus.isBlank() ? "" : " with " + versus) + " on "
                + versusJvm.get(0) + (versusJar.equals(jar) ? "" : " from " + versusJar) + ", in the relay's place";

        Path work = Files.createTempDirectory("toolgate-bench-");
        // the policy in a directory of its own, as a mounted ConfigMap is: the audit log written next to it would
        // make the file watcher look at every write
        Path policy = Files.createDirectories(work.resolve("policy")).resolve("policy.yaml");
        String policyFile = option(args, "--policy", null);
        if (policyFile != null) {
            // e.g. benchmarks/limited-policy.yaml: every benchmarked call then needs a counter (in memory or in Redis)
            Files.copy(Path.of(policyFile), policy);
        } else {
            try (InputStream in = ProxyLoadBenchmark.class.getResourceAsStream("/demo/demo-policy.yaml")) {
                Files.copy(in, policy);
            }
        }
        System.out.printf("toolgate proxy load benchmark: %s clients, %d s measured per target (%d slices, alternating) after a"
                + " warm-up in rounds of %d s per target until the JIT settles (at most %d s per target), %d cores, proxy JVM %s%n",
                clientCounts, seconds.toSeconds(), slices, round.toSeconds(), maxWarmup.toSeconds(),
                Runtime.getRuntime().availableProcessors(), jvm);

        List<Comparison> comparisons = new ArrayList<>();
        try (DemoMcpServer upstream = DemoMcpServer.start(0);
             ProxyProcess proxy = ProxyProcess.toolgate(jar, jvm, serve, policy, upstream.mcpUri(), work.resolve("audit.jsonl"), work.resolve("proxy.log"));
             ProxyProcess relay = versus == null ? relayKind.start(jvm, nginx, upstream.mcpUri(), work)
                     : ProxyProcess.toolgate(versusJar, versusJvm, concat(serve, words(versus)), policy, upstream.mcpUri(),
                             work.resolve("audit-versus.jsonl"), work.resolve("versus.log"))) {
            System.out.println("direct: " + upstream.mcpUri() + "  proxied: " + proxy.endpoint() + "  relayed (" + third
                    + "): " + relay.endpoint());
            for (int clients : clientCounts) {
                System.out.printf("%n%d clients: warming up%n", clients);
                Comparison comparison = Comparison.measure(upstream.mcpUri(), proxy, relay, clients, round, maxWarmup, seconds, slices,
                        authorization);
                comparisons.add(comparison);
                report(comparison, third);
            }
            System.out.printf("proxy RSS after the load runs: %d MiB%n", proxy.rssKib() / 1024);
        }
        summary(comparisons);

        // sessions: a fresh proxy in front of an upstream that pings its sessions every second (which also sends
        // the headers of each waiting GET stream), then 1,000 clients that initialize and hold their GET stream open
        try (DemoMcpServer upstream = DemoMcpServer.start(0, Duration.ofSeconds(1));
             ProxyProcess proxy = ProxyProcess.toolgate(jar, jvm, serve, policy, upstream.mcpUri(), work.resolve("audit-sessions.jsonl"),
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

    private static void report(Comparison c, String third) {
        System.out.printf("%n%d clients, after %d warm-up rounds; JIT share of CPU while measured: clients+upstream %.1f %%,"
                + " proxy %.1f %%, relay %.1f %%%n%-8s %10s %10s %10s %12s %8s%n", c.clients(),
                c.warmupRounds(), 100 * c.benchJitShare(), 100 * c.proxyJitShare(), 100 * c.relayJitShare(), "target", "calls", "p50 ms", "p99 ms", "calls/s", "errors");
        for (LoadResult r : List.of(c.direct(), c.proxied(), c.relayed())) {
            System.out.printf("%-8s %10d %10.3f %10.3f %12.1f %8d%n", r.target(), r.calls(), r.percentileMillis(50),
                    r.percentileMillis(99), r.callsPerSecond(), r.errors());
        }
        System.out.printf("ratios proxied/direct: p50 %.2f, p99 %.2f, throughput %.2f%n", c.p50Ratio(),
                c.proxied().percentileMillis(99) / c.direct().percentileMillis(99), c.throughputRatio());
        System.out.printf("targets: proxied p50 %.3f ms <= 1.10 x direct + 0.5 ms = %.3f ms: %s; throughput ratio >= 0.80: %s%n",
                c.proxied().percentileMillis(50), c.p50TargetMillis(), c.p50Met() ? "met" : "NOT met",
                c.throughputRatio() >= 0.8 ? "met" : "NOT met");
        System.out.printf("CPU per call: clients+upstream %.0f µs direct, %.0f µs proxied; proxy %.0f µs (%.2f cores busy)"
                        + " -> throughput ratio if CPU-bound: %.2f%n", c.benchCpuMicrosPerDirectCall(),
                c.benchCpuMicrosPerProxiedCall(), c.proxyCpuMicrosPerCall(), c.proxyCoresBusy(), c.cpuBoundRatio());
        System.out.printf("%s: throughput ratio %.2f, p50 %.3f ms, %.0f µs CPU per call%n", third,
                c.relayThroughputRatio(), c.relayed().percentileMillis(50), c.relayCpuMicrosPerCall());
        System.out.printf("relayed p50 minus proxied p50, slice by slice (µs): %s; median %+.0f µs%n",
                Arrays.stream(c.relayedMinusProxiedMicrosPerSlice()).mapToObj(d -> String.format("%+.0f", d)).toList(),
                c.medianRelayedMinusProxiedMicros());
    }

    /** One Markdown table of every client count, as docs/performance.md shows them. */
    private static void summary(List<Comparison> comparisons) {
        System.out.printf("%n| clients | direct calls/s | proxied calls/s | throughput ratio | direct p50 ms | proxied p50 ms"
                + " | p50 target ms | direct p99 ms | proxied p99 ms | proxy CPU µs/call | clients+upstream CPU µs/direct call"
                + " | third target ratio | third target CPU µs/call |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Comparison c : comparisons) {
            System.out.printf("| %d | %.1f | %.1f | %.2f%s | %.3f | %.3f | %.3f%s | %.3f | %.3f | %.0f | %.0f | %.2f | %.0f |%n", c.clients(),
                    c.direct().callsPerSecond(), c.proxied().callsPerSecond(), c.throughputRatio(),
                    c.throughputRatio() >= 0.8 ? " (met)" : " (not met)", c.direct().percentileMillis(50),
                    c.proxied().percentileMillis(50), c.p50TargetMillis(), c.p50Met() ? " (met)" : " (not met)",
                    c.direct().percentileMillis(99), c.proxied().percentileMillis(99), c.proxyCpuMicrosPerCall(),
                    c.benchCpuMicrosPerDirectCall(), c.relayThroughputRatio(), c.relayCpuMicrosPerCall());
        }
    }

    /** The third target's kinds, as {@code --relay} names them. */
    private enum Relay {
        NGINX("nginx", null, "nginx (2 workers)"),
        VERTX("vertx", BareRelay.class, "bare Vert.x relay"),
        NETTY_HTTP("netty-http", NettyHttpRelay.class, "Netty HTTP relay"),
        TCP("tcp", TcpRelay.class, "TCP byte pipe");

        final String option;
        final Class<?> main;
        final String label;

        Relay(String option, Class<?> main, String label) {
            this.option = option;
            this.main = main;
            this.label = label;
        }

        static Relay named(String option) {
            return Arrays.stream(values()).filter(relay -> relay.option.equals(option)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--relay is nginx, vertx, netty-http or tcp, not " + option));
        }

        /** @param main a relay class on this benchmark's class path, or null for nginx */
        ProxyProcess start(List<String> jvm, String nginx, URI upstream, Path work) throws Exception {
            return main == null ? ProxyProcess.nginx(nginx, upstream, work.resolve("nginx"), work.resolve("relay.log"))
                    : ProxyProcess.relay(main, jvm, upstream, work.resolve("relay.log"));
        }
    }

    private static List<String> words(String option) {
        return option.isBlank() ? List.of() : Arrays.asList(option.strip().split(" +"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
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
