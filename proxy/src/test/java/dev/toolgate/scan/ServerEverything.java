package dev.toolgate.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference MCP server {@code @modelcontextprotocol/server-everything}, installed by
 * {@code scripts/server-everything.sh} (which {@code .ci/run} runs), started with the machine's Node.js in its
 * Streamable HTTP mode on a free loopback port. Without it the tests are skipped with a message, and fail under
 * {@code CI=true}, so CI cannot go green without the second server.
 */
final class ServerEverything implements AutoCloseable {
    static final Path ENTRY = Path.of(System.getenv().getOrDefault("TOOLGATE_SERVER_EVERYTHING_CACHE",
                    System.getProperty("user.home") + "/.cache/toolgate/server-everything"),
            "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
    private static final String MISSING = "server-everything is not installed at " + ENTRY + "; run scripts/server-everything.sh";

    private final Process process;
    private final int port;

    private ServerEverything(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server, or skips (fails under CI=true) when it is not installed. */
    static ServerEverything start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(ENTRY)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(MISSING + "; CI=true, so the test fails instead of being skipped");
            }
            assumeTrue(false, MISSING);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("node", ENTRY.toString(), "streamableHttp").redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        ServerEverything server = new ServerEverything(process, port);
        server.awaitListening();
        return server;
    }

    /** Waits for the line the server prints once it listens (readiness, not a measure of speed). */
    private void awaitListening() throws InterruptedException {
        CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains("listening on port")) {
                        // keep draining so the server never blocks on a full pipe
                        Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "server-everything-output");
                        drain.setDaemon(true);
                        drain.start();
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!listening.get(60, TimeUnit.SECONDS)) {
                fail("server-everything exited before listening (exit code " + process.waitFor() + ")");
            }
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            fail("server-everything did not start listening: " + e);
        }
    }

    URI mcpUri() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
