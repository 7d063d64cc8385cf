package dev.toolgate.operator.approvals;

import java.util.List;
import java.util.Map;

/**
 * Who a bearer token belongs to, as the API server's TokenReview says: what a SubjectAccessReview for them needs.
 *
 * @param username the user name ({@code system:serviceaccount:NS:NAME} for a ServiceAccount), written as
 *                 {@code status.decidedBy}
 * @param uid      may be empty
 * @param groups   the groups the authenticator gave them
 * @param extra    the authenticator's extra attributes (scopes and the like), which authorizers may read
 */
public record Person(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    public Person {
        uid = uid == null ? "" : uid;
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
