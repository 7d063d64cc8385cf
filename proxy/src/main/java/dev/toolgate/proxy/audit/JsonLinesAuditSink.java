package dev.toolgate.proxy.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one JSON object per line per decision, to stdout or an append-only file. The request path only offers
 * the record to a bounded queue; one writer thread formats and writes them, each line within about 10 ms. When the
 * queue is full the record is dropped and counted ({@code toolgate_audit_dropped_total}) rather than slowing calls
 * down.
 *
 * <p>Line format: {@code {"time":"2026-11-25T12:00:00.123Z","identity":"alice","grant":"team-a","session":"…",
 * "tool":"run_workflow","decision":"ALLOW","rule":"…","reason":"…","argumentsSha256":"…","upstreamStatus":200,
 * "latencyMicros":812,"grants":["team-a"],"token":"jti:…"}}; {@code upstreamStatus} is null when the call was not
 * forwarded; {@code grants} lists every grant of the caller ({@code grant} is the first); {@code token} names a bearer
 * token by its {@code jti} or a SHA-256 prefix (never the token itself) and is absent for API keys and anonymous calls.
 * A call whose counters were decided while the shared counter store could not answer also has
 * {@code "limitStore":"unavailable"|"local"} (before {@code grants}).
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
    // the writer owns the stream: closing the generator must not close System.out; close() closes files itself
    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final int CAPACITY = 65_536;
    static final int MAX_FIELD_CHARS = 1024;
    /** How long the writer rests when the queue is empty: the most a line waits before it is written. */
    private static final long REST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    // lock-free and never signalled: the request path adds a record without waking anyone (a hand-off to a
    // sleeping thread per call cost more than writing the line); the writer looks again after a short rest
    // AuditRecord or ApprovalAuditRecord, in the order they came
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final OutputStream out;
    private final boolean closeOut;
    private final Counter dropped;
    private final Thread writer;
    private volatile boolean closing;

    private JsonLinesAuditSink(OutputStream out, boolean closeOut, int capacity, MeterRegistry registry) {
        this.out = out;
        this.closeOut = closeOut;
        this.capacity = capacity;
        this.dropped = Counter.builder("toolgate.audit.dropped")
                .description("Audit lines dropped because the writer fell behind").register(registry);
        this.writer = new Thread(this::drain, "toolgate-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** {@code "-"} (or null) is stdout; anything else a file appended to. */
    public static JsonLinesAuditSink open(String target, MeterRegistry registry) throws IOException {
        if (target == null || target.equals("-")) {
            return new JsonLinesAuditSink(System.out, false, CAPACITY, registry);
        }
        OutputStream file = new java.io.BufferedOutputStream(
                Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024);
        return new JsonLinesAuditSink(file, true, CAPACITY, registry);
    }

    public static JsonLinesAuditSink to(OutputStream out, MeterRegistry registry) {
        return to(out, registry, CAPACITY);
    }

    static JsonLinesAuditSink to(OutputStream out, MeterRegistry registry, int capacity) {
        return new JsonLinesAuditSink(out, false, capacity, registry);
    }

    @Override
    public void record(AuditRecord record) {
        offer(record);
    }

    @Override
    public void approval(ApprovalAuditRecord record) {
        offer(record);
    }

    private void offer(Object record) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.add(record);
    }

    private void drain() {
        // one generator for the writer's life, writing UTF-8 straight into the stream: no string per line
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            boolean unflushed = false;
            while (true) {
                Object record = queue.poll();
                if (record != null) {
                    queued.decrementAndGet();
                    if (record instanceof AuditRecord call) {
                        write(json, call);
                    } else {
                        write(json, (ApprovalAuditRecord) record);
                    }
                    unflushed = true;
                    continue;
                }
                if (unflushed) {
                    json.flush();
                    unflushed = false;
                }
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(this, REST_NANOS);
            }
        } catch (IOException e) {
            System.err.println("audit log write failed: " + e);
        }
    }

    private static void write(JsonGenerator json, AuditRecord r) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", r.time().toString());
        json.writeStringField("identity", capped(r.identity()));
        json.writeStringField("grant", capped(r.grant()));
        json.writeStringField("session", capped(r.session()));
        json.writeStringField("tool", capped(r.tool()));
        json.writeStringField("decision", r.decision().name());
        json.writeStringField("rule", capped(r.rule()));
        json.writeStringField("reason", capped(r.reason()));
        json.writeStringField("argumentsSha256", r.argumentsSha256());
        if (r.upstreamStatus() == null) {
            json.writeNullField("upstreamStatus");
        } else {
            json.writeNumberField("upstreamStatus", r.upstreamStatus());
        }
        json.writeNumberField("latencyMicros", r.latencyMicros());
        if (r.limitStore() != null) {
            json.writeStringField("limitStore", r.limitStore());
        }
        json.writeArrayFieldStart("grants");
        for (String grant : r.grants()) {
            json.writeString(capped(grant));
        }
        json.writeEndArray();
        if (r.token() != null) {
            json.writeStringField("token", capped(r.token()));
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** {@code {"time":…,"approval":"requested","id":…,"identity":…,"tool":…,"argumentsSha256":…,"rule":…,"by":…,"reason":…}} */
    private static void write(JsonGenerator json, ApprovalAuditRecord r) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", r.time().toString());
        json.writeStringField("approval", r.event());
        json.writeStringField("id", r.approvalId());
        json.writeStringField("identity", capped(r.identity()));
        json.writeStringField("tool", capped(r.tool()));
        json.writeStringField("argumentsSha256", r.argumentsSha256());
        json.writeStringField("rule", capped(r.rule()));
        json.writeStringField("by", capped(r.by()));
        json.writeStringField("reason", capped(r.reason()));
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /**
     * A text field as written: at most {@value #MAX_FIELD_CHARS} characters, so no line grows with what a client
     * sent (the decide stage already refuses long tool names; this holds for every field and every recorder).
     */
    static String capped(String value) {
        if (value == null || value.length() <= MAX_FIELD_CHARS) {
            return value;
        }
        // never between the two halves of a surrogate pair: the encoder refuses half a character
        int end = Character.isHighSurrogate(value.charAt(MAX_FIELD_CHARS - 1)) ? MAX_FIELD_CHARS - 1 : MAX_FIELD_CHARS;
        return value.substring(0, end) + "…";
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        LockSupport.unpark(writer);
        writer.join(TimeUnit.SECONDS.toMillis(5));
        if (closeOut) {
            out.close();
        } else {
            out.flush();
        }
    }
}
