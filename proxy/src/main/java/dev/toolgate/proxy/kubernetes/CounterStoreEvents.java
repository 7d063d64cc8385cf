package dev.toolgate.proxy.kubernetes;

import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.proxy.counters.StoreHealth;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The shared counter store's changes as Events on the McpServer: a Warning ({@value #LOST}) when the store goes away,
 * a Normal one ({@value #BACK}) when it answers again. The change is noticed on an event loop, so the write happens on
 * a thread of its own; a store that flaps faster than the API server takes Events loses the excess (the log and
 * the {@code toolgate.counters.store.available} metric keep every change).
 */
final class CounterStoreEvents implements StoreHealth.Listener, AutoCloseable {
    static final String LOST = "LimitStoreUnavailable";
    static final String BACK = "LimitStoreAvailable";
    static final String ACTION = "CountCalls";
    private static final Logger LOG = LoggerFactory.getLogger(CounterStoreEvents.class);

    private final KubernetesClient client;
    private final String namespace;
    private final RegardingObjects regarding;
    private final String reportingInstance;
    private final Clock clock;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(8), runnable -> {
                Thread thread = new Thread(runnable, "toolgate-store-events");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private long sequence;

    CounterStoreEvents(KubernetesClient client, String namespace, RegardingObjects regarding, String reportingInstance,
                       Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.regarding = regarding;
        this.reportingInstance = reportingInstance;
        this.clock = clock;
    }

    @Override
    public void lost(String cause) {
        // the cause may name hosts and library errors: it goes to the proxy's log, the Event says what it means
        writer.execute(() -> write("Warning", LOST, "The shared counter store (Redis) does not answer; calls that need a "
                + "counter follow the failure mode (closed: refused; local: counted per pod against max/replicas)."));
    }

    @Override
    public void back() {
        writer.execute(() -> write("Normal", BACK, "The shared counter store (Redis) answers again; limits are shared across replicas again."));
    }

    private void write(String type, String reason, String note) {
        ObjectReference about = regarding.forOrigin(RuleOrigin.PROXY);
        Instant now = clock.instant();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(about.getName() + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(sequence++))
                .endMetadata()
                .withType(type)
                .withReason(reason)
                .withAction(ACTION)
                .withNote(note)
                .withEventTime(EventWriter.microTime(now))
                .withReportingController(EventWriter.REPORTING_CONTROLLER)
                .withReportingInstance(reportingInstance)
                .withRegarding(about)
                .build();
        try {
            client.events().v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("could not write the {} Event: {}", reason, e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
