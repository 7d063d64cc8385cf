package dev.toolgate.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The demo's in-memory stand-in for a workflow engine such as Conductor: enough state for tools to act on. */
final class WorkflowStore {

    enum Status { RUNNING, PAUSED, COMPLETED, CANCELLED }

    record Workflow(String id, String name, String input, Status status, Instant startedAt) {
        Workflow with(Status next) {
            return new Workflow(id, name, input, next, startedAt);
        }
    }

    private final Map<String, Workflow> workflows = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    WorkflowStore(Clock clock) {
        this.clock = clock;
    }

    Workflow start(String name, String input) {
        Workflow workflow = new Workflow("wf-" + ids.incrementAndGet(), name, input, Status.RUNNING, clock.instant());
        workflows.put(workflow.id(), workflow);
        return workflow;
    }

    Optional<Workflow> get(String id) {
        return Optional.ofNullable(workflows.get(id));
    }

    Collection<Workflow> all() {
        return workflows.values();
    }

    /** Moves a workflow to {@code next}; empty when it does not exist. */
    Optional<Workflow> transition(String id, Status next) {
        return Optional.ofNullable(workflows.computeIfPresent(id, (key, current) -> current.with(next)));
    }

    Optional<Workflow> delete(String id) {
        return Optional.ofNullable(workflows.remove(id));
    }
}
