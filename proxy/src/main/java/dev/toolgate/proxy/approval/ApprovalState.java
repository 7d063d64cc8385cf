package dev.toolgate.proxy.approval;

/** Where an approval record is in its life; only PENDING and APPROVED are live. */
public enum ApprovalState {
    /** Waiting for a person. */
    PENDING,
    /** A person approved it; the identical call may run once. */
    APPROVED,
    /** A person refused it; identical calls get the reason until it expires. */
    DENIED,
    /** Nobody decided in time, or the approved call was not made in time. */
    EXPIRED,
    /** The approved call ran. */
    CONSUMED;

    public boolean live() {
        return this == PENDING || this == APPROVED;
    }
}
