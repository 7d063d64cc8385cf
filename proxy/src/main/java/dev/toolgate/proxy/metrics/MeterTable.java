package dev.toolgate.proxy.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

/**
 * Meters made on first use and found again by a name and a small slot number (an HTTP status class, a decision),
 * without building a key string per call: looking a meter up runs on every call, registering it only once.
 *
 * @param <M> the meter type
 */
public final class MeterTable<M> {
    private final Map<String, AtomicReferenceArray<M>> byName = new ConcurrentHashMap<>();
    private final int slots;
    private final BiFunction<String, Integer, M> register;

    /** @param register makes (registers) the meter for a name and slot; called once per pair, rarely twice in a race */
    public MeterTable(int slots, BiFunction<String, Integer, M> register) {
        this.slots = slots;
        this.register = register;
    }

    public M get(String name, int slot) {
        AtomicReferenceArray<M> meters = byName.get(name);
        if (meters == null) {
            meters = byName.computeIfAbsent(name, n -> new AtomicReferenceArray<>(slots));
        }
        M meter = meters.get(slot);
        if (meter == null) {
            // a race here registers the same meter twice, and Micrometer hands back the one it has
            meter = register.apply(name, slot);
            meters.set(slot, meter);
        }
        return meter;
    }
}
