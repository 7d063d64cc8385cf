package dev.toolgate.proxy.counters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the shared counter store answers, as the last call found it. Each change is logged once, counted in the
 * metrics ({@code toolgate.counters.store.available} 1/0, {@code toolgate.counters.store.failures}) and told to the
 * listeners (the Kubernetes Events: Warning when lost, Normal when back). Readiness does not depend on it: calls that
 * need no counter keep working.
 */
public final class StoreHealth {
    /** Told when the store goes away and when it comes back; called on whichever thread noticed. */
    public interface Listener {
        void lost(String cause);

        void back();
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final AtomicBoolean available = new AtomicBoolean(true);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Counter failures;
    private final Counter fallbacks;

    public StoreHealth(MeterRegistry registry, FailureMode mode) {
        Gauge.builder("toolgate.counters.store.available", available, up -> up.get() ? 1 : 0)
                .description("1 while the shared counter store (Redis) answers, 0 while calls needing a counter go by the failure mode")
                .register(registry);
        failures = Counter.builder("toolgate.counters.store.failures")
                .description("Store calls that failed or timed out").register(registry);
        fallbacks = Counter.builder("toolgate.counters.fallback.decisions").tag("mode", mode.text())
                .description("Calls needing a counter decided by the failure mode (refused, or on the local share)")
                .register(registry);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public boolean available() {
        return available.get();
    }

    void succeeded() {
        if (available.compareAndSet(false, true)) {
            LOG.info("the shared counter store answers again; limits are shared again");
            listeners.forEach(Listener::back);
        }
    }

    void failed(Throwable cause) {
        failures.increment();
        fallbacks.increment();
        if (available.compareAndSet(true, false)) {
            String why = String.valueOf(cause.getMessage());
            LOG.warn("the shared counter store is unavailable; calls needing a counter go by the failure mode: {}", why);
            listeners.forEach(listener -> listener.lost(why));
        }
    }
}
