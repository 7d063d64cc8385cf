package dev.toolgate.admin;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Liveness of the event loops that serve clients: each is given a no-op task, and each must run it within the bound.
 * A loop that is blocked, busy past the bound, or dead (stopped, or its thread lost to an {@link OutOfMemoryError})
 * makes the probe fail, so the kubelet restarts a proxy that accepts connections but can no longer answer them.
 */
public final class EventLoopProbe implements LivenessProbe {
    private final EventExecutorGroup loops;
    private final Duration bound;

    public EventLoopProbe(EventExecutorGroup loops, Duration bound) {
        this.loops = loops;
        this.bound = bound;
    }

    @Override
    public CompletableFuture<Optional<String>> probe() {
        List<CompletableFuture<?>> ran = new ArrayList<>();
        for (EventExecutor loop : loops) {
            if (loop.isShuttingDown()) {
                return CompletableFuture.completedFuture(Optional.of("an event loop has stopped"));
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                loop.execute(() -> done.complete(null));
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(Optional.of("an event loop has stopped"));
            }
            ran.add(done);
        }
        return CompletableFuture.allOf(ran.toArray(CompletableFuture[]::new))
                .thenApply(v -> Optional.<String>empty())
                .completeOnTimeout(Optional.of("an event loop did not run a task within " + bound.toMillis() + " ms"),
                        bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
