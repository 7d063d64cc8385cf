package dev.toolgate.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy as a process of its own, so its CPU time and memory can be read from /proc: Toolgate
 * ({@code java -jar toolgate-proxy.jar serve ...}) or, for comparison, a {@link BareRelay}.
 */
final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final URI readiness;
    final int port;
    final int adminPort;

    /** @param jvm the java binary, then its options */
    private ProxyProcess(List<String> jvm, List<String> main, int port, int adminPort, URI readiness, Path output)
            throws Exception {
        this.port = port;
        this.adminPort = adminPort;
        this.readiness = readiness;
        List<String> command = new ArrayList<>();
        // "{name}" in a JVM option becomes this proxy's log name, e.g. -XX:StartFlightRecording=filename=/tmp/{name}.jfr
        String name = output.getFileName().toString().replace(".log", "");
        jvm.forEach(option -> command.add(option.replace("{name}", name)));
        command.addAll(main);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        // a benchmark stopped with Ctrl-C or kill takes its proxies with it instead of leaving them listening
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-" + name));
        awaitReady();
    }

    /** The java binary running this benchmark, for {@code --java}'s default. */
    static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ProxyProcess toolgate(Path jar, List<String> jvm, List<String> serveOptions, Path policy, URI upstream,
                                 Path auditLog, Path output) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        List<String> main = new ArrayList<>(List.of("-jar", jar.toString(), "serve", "--policy", policy.toString(),
                "--upstream", upstream.toString(), "--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort),
                "--audit-log", auditLog.toString()));
        main.addAll(serveOptions);
        return new ProxyProcess(jvm, main, port, adminPort, URI.create("http://127.0.0.1:" + adminPort + "/readyz"), output);
    }

    /**
     * A relay from this benchmark's own class path ({@link BareRelay}, {@link NettyHttpRelay} or {@link TcpRelay}),
     * with the same JVM options as the proxy.
     */
    static ProxyProcess relay(Class<?> relay, List<String> jvm, URI upstream, Path output) throws Exception {
        int port = freePort();
        return new ProxyProcess(jvm, List.of("-cp", System.getProperty("java.class.path"), relay.getName(),
                String.valueOf(port), upstream.toString()), port, -1, URI.create("http://127.0.0.1:" + port + "/ready"), output);
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the proxy exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100); // polling a process we do not control; no test clock applies
        }
        throw new IllegalStateException("the proxy was not ready within 30 s");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    /** VmRSS of the proxy process in KiB, from /proc/PID/status. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + process.pid());
    }

    /** CPU time the proxy process has used so far, in all and in its JIT compilers. */
    JvmCpu cpu() {
        return JvmCpu.of(process.pid());
    }

    String metric(String name) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst().orElse(name + " ?");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}
