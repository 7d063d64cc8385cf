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
 * ({@code java -jar toolgate-proxy.jar serve ...}) or, for comparison, a relay from this benchmark's class path or
 * nginx.
 */
final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final URI readiness;
    final int port;
    final int adminPort;

    /** @param jvm the java binary, then its options */
    private ProxyProcess(List<String> jvm, List<String> main, int port, int adminPort, URI readiness, Path output)
            throws Exception {
        this(javaCommand(jvm, main, output), port, adminPort, readiness, output);
    }

    private ProxyProcess(List<String> command, int port, int adminPort, URI readiness, Path output) throws Exception {
        this.port = port;
        this.adminPort = adminPort;
        this.readiness = readiness;
        String name = output.getFileName().toString().replace(".log", "");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        // a benchmark stopped with Ctrl-C or kill takes its proxies with it instead of leaving them listening
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-" + name));
        awaitReady();
    }

    private static List<String> javaCommand(List<String> jvm, List<String> main, Path output) {
        List<String> command = new ArrayList<>();
        // "{name}" in a JVM option becomes this proxy's log name, e.g. -XX:StartFlightRecording=filename=/tmp/{name}.jfr
        String name = output.getFileName().toString().replace(".log", "");
        jvm.forEach(option -> command.add(option.replace("{name}", name)));
        command.addAll(main);
        return command;
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

    /**
     * nginx in front of the same upstream, configured as a reverse proxy for MCP is (HTTP/1.1 keep-alive to the
     * upstream, nothing buffered so SSE passes event by event) with two workers, as Toolgate has two event loops:
     * the hop every platform team already runs, as a yardstick. Its master process is the one started, so its CPU
     * is read over the process and its workers ({@link #cpu()}).
     */
    static ProxyProcess nginx(String binary, URI upstream, Path directory, Path output) throws Exception {
        int port = freePort();
        Path prefix = Files.createDirectories(directory);
        String upstreamAuthority = upstream.getHost() + ":" + upstream.getPort();
        Files.writeString(prefix.resolve("nginx.conf"), """
                daemon off;
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream mcp {
                        server %2$s;
                        keepalive 256;
                    }
                    server {
                        listen 127.0.0.1:%3$d backlog=4096;
                        location = /ready { return 200; }
                        location / {
                            proxy_pass http://mcp;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host %2$s;
                            proxy_buffering off;
                            proxy_request_buffering off;
                            proxy_read_timeout 3600s;
                        }
                    }
                }
                """.formatted(prefix.toAbsolutePath(), upstreamAuthority, port));
        return new ProxyProcess(List.of(binary, "-p", prefix.toAbsolutePath().toString(), "-c", "nginx.conf"), port, -1,
                URI.create("http://127.0.0.1:" + port + "/ready"), output);
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

    /** CPU time the proxy process and its children (nginx's workers) have used so far, in all and in JIT compilers. */
    JvmCpu cpu() {
        JvmCpu spent = JvmCpu.of(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            spent = spent.plus(JvmCpu.of(child.pid()));
        }
        return spent;
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
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
    }
}
