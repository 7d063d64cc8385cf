package dev.toolgate.admin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What {@code /healthz} asks: completes with empty when the process can serve, or with why it cannot. */
@FunctionalInterface
public interface LivenessProbe {
    LivenessProbe ALWAYS = () -> CompletableFuture.completedFuture(Optional.empty());

    CompletableFuture<Optional<String>> probe();
}
