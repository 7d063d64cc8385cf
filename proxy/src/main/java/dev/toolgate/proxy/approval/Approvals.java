package dev.toolgate.proxy.approval;

import dev.toolgate.admin.AdminRoute;
import dev.toolgate.admin.approvals.ApprovalsPage;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.decide.PolicyState;
import dev.toolgate.proxy.hold.HoldOpen;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.List;

/**
 * The approval parts of one proxy, made together: the book, the gate the decide stage asks, the approvals page and the
 * admin API, and the hold-open of calls waiting for a decision.
 */
public record Approvals(ApprovalBook book, ApprovalGate gate, ApprovalLinks links, List<AdminRoute> routes,
                        HoldOpen holdOpen) {

    /** How many presented {@code requestState}s are remembered as used at once. */
    static final int MAX_USED_STATES = 10_000;

    public static Approvals create(ApprovalOptions options, PolicyState policy, AuditTrail audit, Clock clock,
                                   MeterRegistry registry) {
        return create(options, policy, audit, clock, registry, ElicitationNotices.NONE);
    }

    /** @param notices where 2025-11-25 sessions are told an approval they were asked to open was decided */
    public static Approvals create(ApprovalOptions options, PolicyState policy, AuditTrail audit, Clock clock,
                                   MeterRegistry registry, ElicitationNotices notices) {
        if (!options.enabled()) {
            return new Approvals(null, ApprovalGate.NONE, new ApprovalLinks(null), List.of(), HoldOpen.OFF);
        }
        ApprovalLinks links = new ApprovalLinks(options.publicUrl());
        ApprovalAudit audited = new ApprovalAudit(audit, clock, registry);
        ApprovalListener listener = options.mirror() == null ? audited : new BothListeners(audited, options.mirror());
        ApprovalBook book = new ApprovalBook(clock, options.ttl(), options.maxRecords(), options.maxLivePerIdentity(),
                listener);
        if (options.mirror() != null) {
            options.mirror().attach(book);
        }
        RequestStates states = new RequestStates(options.stateKey() == null ? RequestStates.randomKey() : options.stateKey(),
                clock, MAX_USED_STATES);
        ApprovalGate gate = new ApprovalGate(book, policy::decideApprovedAsync,
                policy::generation, links, options.mcpServer(),
                states, options.decisionWait(), notices, options.maxRecords());
        Gauge.builder("toolgate.approvals.waiting", gate, ApprovalGate::waiting)
                .description("MCP 2026-07-28 retries waiting for their approval's decision").register(registry);
        for (AnswerShape shape : AnswerShape.values()) {
            FunctionCounter.builder("toolgate.approval.answers", gate, g -> g.pendingAnswers(shape))
                    .description("Calls answered as waiting for a person, by the answer's shape")
                    .tag("shape", shape.label()).register(registry);
        }
        // the page first: it takes a browser's navigation to /approvals[/<id>], the API every other request there
        return new Approvals(book, gate, links,
                List.of(new ApprovalsPage(), new ApprovalAdminApi(book, options.adminKeys(), links)),
                HoldOpen.of(options.holdOpen(), book, clock, registry));
    }

    /** The audit first, then the mirror. */
    private record BothListeners(ApprovalListener first, ApprovalListener second) implements ApprovalListener {
        @Override
        public void transition(ApprovalRecord record, ApprovalState from) {
            first.transition(record, from);
            second.transition(record, from);
        }

        @Override
        public void refused(ApprovalRecord record, String approver, String why) {
            first.refused(record, approver, why);
            second.refused(record, approver, why);
        }
    }
}
