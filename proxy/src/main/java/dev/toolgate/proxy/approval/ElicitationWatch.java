package dev.toolgate.proxy.approval;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The 2025-11-25 sessions told of a pending approval by the {@code -32042} error, each to get
 * {@code notifications/elicitation/complete} once it is decided (approved, denied or expired). Bounded: at most
 * {@code maxApprovals} approvals and {@value #MAX_SESSIONS_PER_APPROVAL} sessions each are watched; past that a
 * session is not told (its client learns by retrying, as every client can).
 */
final class ElicitationWatch {
    static final int MAX_SESSIONS_PER_APPROVAL = 16;
    private final Map<String, Set<String>> watched = new HashMap<>();
    private final ApprovalBook book;
    private final ElicitationNotices notices;
    private final int maxApprovals;

    ElicitationWatch(ApprovalBook book, ElicitationNotices notices, int maxApprovals) {
        this.book = book;
        this.notices = notices;
        this.maxApprovals = maxApprovals;
    }

    void watch(String approvalId, String session) {
        if (session == null) {
            return; // no session, no stream to tell
        }
        boolean first;
        synchronized (this) {
            Set<String> sessions = watched.get(approvalId);
            first = sessions == null;
            if (first && watched.size() >= maxApprovals
                    || !first && sessions.size() >= MAX_SESSIONS_PER_APPROVAL) {
                return;
            }
            watched.computeIfAbsent(approvalId, id -> new LinkedHashSet<>()).add(session);
        }
        if (first) {
            // outside this lock: the book completes its futures under its own lock, and decided() takes this one
            book.whenDecided(approvalId).thenAccept(record -> decided(approvalId));
        }
    }

    private void decided(String approvalId) {
        Set<String> sessions;
        synchronized (this) {
            sessions = watched.remove(approvalId);
        }
        if (sessions != null) {
            String notification = NativeAnswers.elicitationComplete(approvalId);
            sessions.forEach(session -> notices.send(session, notification));
        }
    }
}
