package dev.toolgate.proxy.approval;

/** A decision the book refuses; {@link #kind} says why, the message is fixed text fit for the approver. */
public final class ApprovalDecisionException extends Exception {
    /** Why a decision was refused. */
    public enum Kind {
        NOT_FOUND, NOT_PENDING, SELF_APPROVAL
    }

    private final Kind kind;

    ApprovalDecisionException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
