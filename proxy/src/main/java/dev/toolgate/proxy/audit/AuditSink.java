package dev.toolgate.proxy.audit;

/** Receives every decision. Implementations must not block the caller (the request path). */
public interface AuditSink {
    void record(AuditRecord record);
}
