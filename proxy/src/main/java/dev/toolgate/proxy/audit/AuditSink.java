package dev.toolgate.proxy.audit;

/** Receives every decision. Implementations must not block the caller (the request path). */
public interface AuditSink {
    void record(AuditRecord record);

    /** A transition of an approval; sinks that only count calls ignore it. */
    default void approval(ApprovalAuditRecord record) {
    }
}
