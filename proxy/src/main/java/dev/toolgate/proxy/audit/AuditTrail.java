package dev.toolgate.proxy.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The audit stage: hands every decision to every sink; a failing sink never fails the call or the other sinks. */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private final List<AuditSink> sinks;

    public AuditTrail(List<AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public void record(AuditRecord record) {
        for (AuditSink sink : sinks) {
            try {
                sink.record(record);
            } catch (RuntimeException e) {
                LOG.warn("audit sink {} failed", sink.getClass().getSimpleName(), e);
            }
        }
    }

    /** Hands an approval's transition to every sink, as {@link #record} does a decision. */
    public void approval(ApprovalAuditRecord record) {
        for (AuditSink sink : sinks) {
            try {
                sink.approval(record);
            } catch (RuntimeException e) {
                LOG.warn("audit sink {} failed", sink.getClass().getSimpleName(), e);
            }
        }
    }
}
