package dev.toolgate.proxy.kubernetes;

import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reports each refused tool call as an {@code events.k8s.io/v1} Event, type Warning, without ever making the
 * request wait: {@link #record} only offers to a bounded queue. One worker thread folds repeats of the same
 * (reason, tool, identity, rule) into an event series (one Event, {@code series.count} and
 * {@code series.lastObservedTime} patched) and writes at most {@code writesPerSecond} (after a burst). What cannot
 * be written — queue full, too many unwritten series, API server failing or slow — is dropped and counted in
 * {@value #DROPPED} (one per refused call not reported); the JSON audit log stays the complete record.
 */
public final class KubernetesEventSink implements AuditSink, AutoCloseable {
    /** Micrometer name; Prometheus shows {@code toolgate_events_dropped_total{reason=...}}. */
    public static final String DROPPED = "toolgate.events.dropped";
    /** Micrometer name; Prometheus shows {@code toolgate_events_written_total{operation=create|patch}}. */
    public static final String WRITTEN = "toolgate.events.written";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
    private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(100);
    private static final Duration FORGET_EVERY = Duration.ofSeconds(10);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    /**
     * @param queueCapacity   refused calls waiting for the worker; more are dropped
     * @param maxSeries       series remembered; a new one finding all of them unwritten is dropped
     * @param writesPerSecond sustained API writes (creates and patches)
     * @param burst           writes allowed at once after a quiet spell
     * @param seriesIdle      a series quiet for this long is finished; its next occurrence creates a new Event
     *                        (client-go uses 6 minutes)
     * @param requestTimeout  how long one write may take before it counts as failed
     */
    public record Settings(int queueCapacity, int maxSeries, double writesPerSecond, int burst, Duration seriesIdle,
                           Duration requestTimeout) {
        public static final Settings DEFAULTS = new Settings(1000, 500, 5, 20, Duration.ofMinutes(6), Duration.ofSeconds(5));
    }

    private final BlockingQueue<Denial> queue;
    private final EventSeriesBook book;
    private final EventWriter writer;
    private final TokenBucket writes;
    private final Clock clock;
    private final Counter droppedQueueFull;
    private final Counter droppedBacklog;
    private final Counter droppedApiError;
    private final Counter created;
    private final Counter patched;
    private final Thread worker;
    private volatile boolean running = true;
    private Instant forgotAt;
    private Instant warnedAt;

    /**
     * @param client            a client for the proxy's namespace; writes use its connection with
     *                          {@code settings.requestTimeout()} and no retries
     * @param regarding         resolves the object each Event is about
     * @param reportingInstance the proxy's Pod name
     */
    KubernetesEventSink(KubernetesClient client, String namespace, RegardingObjects regarding, String reportingInstance,
                        MeterRegistry registry, Clock clock, Settings settings) {
        KubernetesClient writeClient = client.newClient(new RequestConfigBuilder()
                        .withRequestTimeout((int) settings.requestTimeout().toMillis())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .adapt(KubernetesClient.class);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.book = new EventSeriesBook(settings.maxSeries(), settings.seriesIdle());
        this.writer = new EventWriter(writeClient, namespace, regarding, reportingInstance);
        this.writes = new TokenBucket(settings.writesPerSecond(), settings.burst(), clock);
        this.clock = clock;
        this.droppedQueueFull = dropped(registry, "queue_full");
        this.droppedBacklog = dropped(registry, "backlog_full");
        this.droppedApiError = dropped(registry, "api_error");
        this.created = Counter.builder(WRITTEN).description("Kubernetes Events written").tag("operation", "create").register(registry);
        this.patched = Counter.builder(WRITTEN).description("Kubernetes Events written").tag("operation", "patch").register(registry);
        this.forgotAt = clock.instant();
        this.worker = new Thread(this::run, "toolgate-events");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Never blocks: an allowed call is ignored, a refused one is queued or, when the queue is full, dropped. */
    @Override
    public void record(AuditRecord record) {
        Denial.of(record, clock).ifPresent(denial -> {
            if (!running || !queue.offer(denial)) {
                droppedQueueFull.increment();
            }
        });
    }

    /** Stops the worker; what is still queued is not written (the audit log has it). */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Denial> batch = new ArrayList<>();
        while (running) {
            try {
                Denial next = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
                if (next != null) {
                    batch.add(next);
                    queue.drainTo(batch);
                    for (Denial denial : batch) {
                        if (!book.observe(denial)) {
                            droppedBacklog.increment();
                        }
                    }
                }
                writeWhileTokensLast();
                forgetIdleSeries();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Event worker hit an unexpected error; it carries on", e);
            } finally {
                batch.clear();
            }
        }
    }

    private long waitNanos() {
        if (!book.hasWaiting()) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        // capped so that a test's fake clock moving on is noticed quickly
        Duration wait = writes.untilNextToken();
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(wait.toNanos(), MAX_IDLE_WAIT.toNanos()));
    }

    private void writeWhileTokensLast() {
        while (running && book.hasWaiting() && writes.tryAcquire()) {
            book.nextToWrite().ifPresent(this::write);
        }
    }

    private void write(EventSeriesBook.Series series) {
        int count = series.count;
        try {
            if (series.eventName == null) {
                series.eventName = writer.create(series);
                created.increment();
            } else {
                writer.patchSeries(series);
                patched.increment();
            }
            series.writtenCount = count;
        } catch (RuntimeException e) {
            if (e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_NOT_FOUND
                    && series.eventName != null) {
                // the Event expired (the API server keeps Events about an hour): start it again
                series.eventName = null;
                book.retry(series);
                return;
            }
            // every occurrence the API server has not seen is lost to it (not to the audit log)
            droppedApiError.increment(count - series.writtenCount);
            series.writtenCount = count;
            warnNowAndThen(series, e);
        }
    }

    /** A down API server fails every write: say so once a minute, the metric counts the rest. */
    private void warnNowAndThen(EventSeriesBook.Series series, RuntimeException e) {
        Instant now = clock.instant();
        if (warnedAt == null || Duration.between(warnedAt, now).compareTo(WARN_EVERY) >= 0) {
            warnedAt = now;
            LOG.warn("Could not write the {} Event for tool {} ({}); refused calls not reported to Kubernetes are counted in {}",
                    series.key.reason().reason(), series.key.tool(), describe(e), DROPPED);
        }
    }

    /** fabric8 says "An error has occurred." and keeps the reason (connection refused, ...) in the cause. */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause;
    }

    private void forgetIdleSeries() {
        Instant now = clock.instant();
        if (Duration.between(forgotAt, now).compareTo(FORGET_EVERY) >= 0) {
            book.forgetIdle(now);
            forgotAt = now;
        }
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder(DROPPED)
                .description("Denial Events not written to the Kubernetes API (the audit log still has them)")
                .tag("reason", reason)
                .register(registry);
    }
}
