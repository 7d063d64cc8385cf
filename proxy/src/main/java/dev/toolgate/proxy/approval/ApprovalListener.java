package dev.toolgate.proxy.approval;

/** Told of every transition of a record, under the book's lock: implementations must not block (queue, count). */
public interface ApprovalListener {
    /** {@code record} is now in its state; {@code from} is null when it was just created. */
    void transition(ApprovalRecord record, ApprovalState from);

    /** Someone tried to decide {@code record} and was refused ({@code why}); the record did not change. */
    void refused(ApprovalRecord record, String approver, String why);

    ApprovalListener NONE = new ApprovalListener() {
        @Override
        public void transition(ApprovalRecord record, ApprovalState from) {
        }

        @Override
        public void refused(ApprovalRecord record, String approver, String why) {
        }
    };
}
