package dev.toolgate.proxy.approval;

import dev.toolgate.admin.AdminRoute;
import dev.toolgate.proxy.audit.AuditTrail;
import dev.toolgate.proxy.decide.PolicyState;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.List;

/** The approval parts of one proxy, made together: the book, the gate the decide stage asks, the admin API. */
public record Approvals(ApprovalBook book, ApprovalGate gate, ApprovalLinks links, List<AdminRoute> routes) {

    public static Approvals create(ApprovalOptions options, PolicyState policy, AuditTrail audit, Clock clock,
                                   MeterRegistry registry) {
        if (!options.enabled()) {
            return new Approvals(null, ApprovalGate.NONE, new ApprovalLinks(null), List.of());
        }
        ApprovalLinks links = new ApprovalLinks(options.publicUrl());
        ApprovalBook book = new ApprovalBook(clock, options.ttl(), options.maxRecords(), options.maxLivePerIdentity(),
                new ApprovalAudit(audit, clock, registry));
        ApprovalGate gate = new ApprovalGate(book, policy::decideApproved, policy::generation, links, options.mcpServer());
        return new Approvals(book, gate, links, List.of(new ApprovalAdminApi(book, options.adminKeys(), links)));
    }
}
