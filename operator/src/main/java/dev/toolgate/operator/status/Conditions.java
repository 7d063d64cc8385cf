package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a status' conditions from what a reconcile found. A condition whose status did not change keeps its
 * lastTransitionTime, so a reconcile that finds nothing new produces an identical status and writes nothing.
 */
public final class Conditions {
    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private final List<Condition> previous;
    private final long generation;
    private final Clock clock;
    private final List<Condition> next = new ArrayList<>();

    public Conditions(List<Condition> previous, Long generation, Clock clock) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation == null ? 0 : generation;
        this.clock = clock;
    }

    public Conditions set(String type, boolean status, String reason, String message) {
        String value = status ? TRUE : FALSE;
        String transition = previous.stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        next.add(new ConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build());
        return this;
    }

    public List<Condition> build() {
        return List.copyOf(next);
    }

    /** The condition of a type in a list, if any. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
