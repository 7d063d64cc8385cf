package dev.toolgate.proxy;

import dev.toolgate.proxy.audit.ApprovalAuditRecord;
import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit record, for assertions. */
final class RecordingSink implements AuditSink {
    final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    private final List<ApprovalAuditRecord> approvals = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditRecord record) {
        records.add(record);
    }

    @Override
    public void approval(ApprovalAuditRecord record) {
        approvals.add(record);
    }

    List<ApprovalAuditRecord> approvals() {
        return approvals;
    }
}
