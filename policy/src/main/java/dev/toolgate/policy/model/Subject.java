package dev.toolgate.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * Who a {@code grants:} entry is for: one identity, every holder of one grant, or Kubernetes ServiceAccounts by
 * {@code namespace/name} or {@code namespace/*} (matching the identity {@code system:serviceaccount:<ns>:<name>} that a
 * TokenReview gives).
 *
 * @param kind  identity, grant or serviceAccount
 * @param value the identity, the grant, or the ServiceAccount pattern as written
 */
public record Subject(Kind kind, String value) {
    /** The prefix of a ServiceAccount's identity, as Kubernetes writes it. */
    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    /** The three kinds of subject, each the key it is written under. */
    public enum Kind {
        IDENTITY("identity"),
        GRANT("grant"),
        SERVICE_ACCOUNT("serviceAccount");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The document key, e.g. {@code serviceAccount}. */
        public String keyword() {
            return keyword;
        }

        /** The document keys in the order they are explained. */
        public static List<String> keywords() {
            return List.of(IDENTITY.keyword, GRANT.keyword, SERVICE_ACCOUNT.keyword);
        }

        /** The kind written under {@code keyword}, or null. */
        public static Kind fromKeyword(String keyword) {
            for (Kind kind : values()) {
                if (kind.keyword.equals(keyword)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static Subject identity(String identity) {
        return new Subject(Kind.IDENTITY, identity);
    }

    public static Subject grant(String grant) {
        return new Subject(Kind.GRANT, grant);
    }

    public static Subject serviceAccount(String pattern) {
        return new Subject(Kind.SERVICE_ACCOUNT, pattern);
    }

    /** True for {@code serviceAccount: ns/*}. */
    public boolean isNamespacePattern() {
        return kind == Kind.SERVICE_ACCOUNT && value.endsWith("/*");
    }

    /**
     * The identity this subject names exactly, or null (a grant, a namespace pattern): {@code serviceAccount: ns/name}
     * and {@code identity: system:serviceaccount:ns:name} name the same caller, and are the same subject.
     */
    public String exactIdentity() {
        if (kind == Kind.IDENTITY) {
            return value;
        }
        if (kind == Kind.SERVICE_ACCOUNT && !isNamespacePattern()) {
            return SERVICE_ACCOUNT_PREFIX + value.replace('/', ':');
        }
        return null;
    }

    /** As written: {@code grant: team-a}. */
    @Override
    public String toString() {
        return kind.keyword + ": " + value;
    }
}
