package dev.toolgate.proxy.kubernetes;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.function.Consumer;

/**
 * An informer handler for a watch on one named object: every version of it goes to one consumer, and {@code null} once
 * it is deleted, so the consumer reads "the object as it is now" and never has to tell add from update.
 */
final class EveryVersion<T> implements ResourceEventHandler<T> {
    private final Consumer<T> current;

    EveryVersion(Consumer<T> current) {
        this.current = current;
    }

    @Override
    public void onAdd(T object) {
        current.accept(object);
    }

    @Override
    public void onUpdate(T previous, T object) {
        current.accept(object);
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        current.accept(null);
    }
}
