package dev.toolgate.proxy.approval;

/**
 * Somewhere else the book's records are shown and decided (on Kubernetes: ToolCallApproval resources). It hears every
 * transition as a listener, and is given the book once it exists, to apply the decisions made there.
 */
public interface ApprovalMirror extends ApprovalListener, AutoCloseable {
    /** Starts applying decisions to {@code book}. */
    void attach(ApprovalBook book);

    @Override
    void close();
}
