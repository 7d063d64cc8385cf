package dev.toolgate.proxy.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes one JSON object per line per decision, to stdout or an append-only file. The request path only offers
 * the record to a bounded queue; one writer thread formats and writes. When the queue is full the record is
 * dropped and counted ({@code toolgate_audit_dropped_total}) rather than slowing calls down.
 *
 * <p>Line format: {@code {"time":"2026-11-25T12:00:00.123Z","identity":"alice","grant":"team-a","session":"…",
 * "tool":"run_workflow","decision":"ALLOW","rule":"…","reason":"…","argumentsSha256":"…","upstreamStatus":200,
 * "latencyMicros":812}}; {@code upstreamStatus} is null when the call was not forwarded.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final AuditRecord POISON = new AuditRecord(null, null, null, null, null, null, null, null, null, null, 0);

    private final BlockingQueue<AuditRecord> queue;
    private final OutputStream out;
    private final boolean closeOut;
    private final Counter dropped;
    private final Thread writer;

    private JsonLinesAuditSink(OutputStream out, boolean closeOut, int capacity, MeterRegistry registry) {
        this.out = out;
        this.closeOut = closeOut;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("toolgate.audit.dropped")
                .description("Audit lines dropped because the writer fell behind").register(registry);
        this.writer = new Thread(this::drain, "toolgate-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** {@code "-"} (or null) is stdout; anything else a file appended to. */
    public static JsonLinesAuditSink open(String target, MeterRegistry registry) throws IOException {
        if (target == null || target.equals("-")) {
            return new JsonLinesAuditSink(System.out, false, 65_536, registry);
        }
        OutputStream file = new java.io.BufferedOutputStream(
                Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024);
        return new JsonLinesAuditSink(file, true, 65_536, registry);
    }

    public static JsonLinesAuditSink to(OutputStream out, MeterRegistry registry) {
        return new JsonLinesAuditSink(out, false, 65_536, registry);
    }

    @Override
    public void record(AuditRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    private void drain() {
        try {
            while (true) {
                AuditRecord record = queue.take();
                if (record == POISON) {
                    out.flush();
                    return;
                }
                out.write(line(record).getBytes(StandardCharsets.UTF_8));
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("audit log write failed: " + e);
        }
    }

    static String line(AuditRecord r) throws IOException {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", r.time().toString());
            json.writeStringField("identity", r.identity());
            json.writeStringField("grant", r.grant());
            json.writeStringField("session", r.session());
            json.writeStringField("tool", r.tool());
            json.writeStringField("decision", r.decision().name());
            json.writeStringField("rule", r.rule());
            json.writeStringField("reason", r.reason());
            json.writeStringField("argumentsSha256", r.argumentsSha256());
            if (r.upstreamStatus() == null) {
                json.writeNullField("upstreamStatus");
            } else {
                json.writeNumberField("upstreamStatus", r.upstreamStatus());
            }
            json.writeNumberField("latencyMicros", r.latencyMicros());
            json.writeEndObject();
        }
        return text.append('\n').toString();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws IOException, InterruptedException {
        queue.put(POISON);
        writer.join(TimeUnit.SECONDS.toMillis(5));
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }
}
