package dev.toolgate.proxy.approval;

import dev.toolgate.proxy.audit.ApprovalAuditRecord;
import dev.toolgate.proxy.audit.AuditTrail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every transition of an approval as an audit line and a metric: {@code toolgate_approvals_total{event}} (requested,
 * approved, denied, expired, consumed, refused) and {@code toolgate_approvals_pending}.
 */
public final class ApprovalAudit implements ApprovalListener {
    static final String REQUESTED = "requested";
    static final String REFUSED = "refused";

    private final AuditTrail audit;
    private final Clock clock;
    private final Map<ApprovalState, Counter> moved = new EnumMap<>(ApprovalState.class);
    private final Counter requested;
    private final Counter refused;
    private final AtomicInteger pending = new AtomicInteger();

    public ApprovalAudit(AuditTrail audit, Clock clock, MeterRegistry registry) {
        this.audit = audit;
        this.clock = clock;
        this.requested = counter(registry, REQUESTED);
        this.refused = counter(registry, REFUSED);
        for (ApprovalState state : ApprovalState.values()) {
            if (state != ApprovalState.PENDING) {
                moved.put(state, counter(registry, event(state)));
            }
        }
        Gauge.builder("toolgate.approvals.pending", pending, AtomicInteger::get)
                .description("Approvals waiting for a person").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder("toolgate.approvals").tag("event", event)
                .description("Transitions of approval records").register(registry);
    }

    private static String event(ApprovalState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void transition(ApprovalRecord record, ApprovalState from) {
        if (from == null) {
            requested.increment();
            pending.incrementAndGet();
        } else {
            moved.get(record.state()).increment();
            if (from == ApprovalState.PENDING) {
                pending.decrementAndGet();
            }
        }
        boolean decided = record.state() == ApprovalState.APPROVED || record.state() == ApprovalState.DENIED;
        audit.approval(line(record, from == null ? REQUESTED : event(record.state()),
                decided ? record.decidedBy() : null, decided ? record.decisionReason() : null));
    }

    @Override
    public void refused(ApprovalRecord record, String approver, String why) {
        refused.increment();
        audit.approval(line(record, REFUSED, approver, why));
    }

    private ApprovalAuditRecord line(ApprovalRecord record, String event, String by, String reason) {
        ApprovalRequest request = record.request();
        return new ApprovalAuditRecord(clock.instant(), event, record.id(), request.identity(), request.tool(),
                request.argumentsSha256(), record.rule(), by, reason);
    }
}
