package dev.toolgate.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.operator.policy.PolicyDocuments;

/** Whether a freshly derived status differs from the stored one, compared as JSON (what the API server stores). */
public final class StatusDiff {
    private StatusDiff() {
    }

    public static boolean changed(Object stored, Object derived) {
        JsonNode a = stored == null ? null : PolicyDocuments.mapper().valueToTree(stored);
        JsonNode b = derived == null ? null : PolicyDocuments.mapper().valueToTree(derived);
        return a == null ? b != null : !a.equals(b);
    }

    /** A deep copy, so a derived status never aliases the cached one. */
    public static <T> T copy(T value, Class<T> type) {
        return PolicyDocuments.mapper().convertValue(value, type);
    }
}
