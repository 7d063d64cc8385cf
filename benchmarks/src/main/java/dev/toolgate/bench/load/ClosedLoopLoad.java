package dev.toolgate.bench.load;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients (threads), each with its own MCP session, each calling the tool again as soon as the previous answer
 * is complete (closed loop), for a fixed time. Latency is from sending the request to the end of the response.
 */
final class ClosedLoopLoad {
    private ClosedLoopLoad() {
    }

    /** @param authorization the {@code Authorization} header of every request, or null */
    static LoadResult run(String target, URI endpoint, String authorization, int clients, Duration duration) throws Exception {
        List<Thread> threads = new ArrayList<>();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                HttpClient http = McpHttp.newClient();
                McpHttp mcp = new McpHttp(http, endpoint, authorization);
                long[] mine = new long[1 << 14];
                int count = 0;
                try {
                    String session = mcp.initialize();
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        try {
                            String body = mcp.post(session, McpHttp.CALL.formatted(count + 1));
                            if (!body.contains("\"result\"")) {
                                throw new IllegalStateException(body);
                            }
                            if (count == mine.length) {
                                mine = Arrays.copyOf(mine, count * 2);
                            }
                            mine[count++] = (System.nanoTime() - sent) / 1_000;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
                latencies[client] = mine;
                counts[client] = count;
            }, target + "-client-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        return new LoadResult(target, all, seconds, errors.get());
    }

    /** Opens {@code count} sessions, each holding its GET stream open; returns the streams (close them to end). */
    static List<HttpResponse<InputStream>> openSessions(URI endpoint, int count) throws Exception {
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        // a few clients, each with its own connection pool: the JDK client opens a connection per concurrent stream
        HttpClient[] clients = new HttpClient[8];
        Arrays.setAll(clients, i -> McpHttp.newClient());
        for (int batch = 0; batch < count; batch += 50) {
            List<CompletableFuture<HttpResponse<InputStream>>> opened = new ArrayList<>();
            for (int i = batch; i < Math.min(count, batch + 50); i++) {
                opened.add(new McpHttp(clients[i % clients.length], endpoint).openSession());
            }
            for (CompletableFuture<HttpResponse<InputStream>> stream : opened) {
                HttpResponse<InputStream> response = stream.get(60, TimeUnit.SECONDS);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET stream answered " + response.statusCode());
                }
                streams.add(response);
            }
        }
        return streams;
    }
}
