package dev.toolgate.proxy;

import dev.toolgate.proxy.audit.AuditRecord;
import dev.toolgate.proxy.audit.AuditSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit record, for assertions. */
final class RecordingSink implements AuditSink {
    final List<AuditRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditRecord record) {
        records.add(record);
    }
}
