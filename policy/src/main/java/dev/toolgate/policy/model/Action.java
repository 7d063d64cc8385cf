package dev.toolgate.policy.model;

/** What a rule does ({@code action:} of a rule). */
public enum Action {
    /** All conditions must hold, otherwise the call is refused; the rule's counter is reserved. */
    EVALUATE,
    /** Refuses the call unconditionally; has no conditions and no counter. */
    DENY,
    /** When all its conditions hold (or it has none) the call needs a person's approval. */
    REQUIRE_APPROVAL;

    /** The document spelling: {@code evaluate}, {@code deny} or {@code require_approval}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The action for a document keyword, or null when there is none. */
    public static Action fromKeyword(String keyword) {
        for (Action a : values()) {
            if (a.keyword().equals(keyword)) {
                return a;
            }
        }
        return null;
    }
}
