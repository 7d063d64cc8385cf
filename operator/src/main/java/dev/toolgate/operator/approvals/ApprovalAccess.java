package dev.toolgate.operator.approvals;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolCallApproval;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person may do with ToolCallApprovals, asked of the API server's authorizer with a SubjectAccessReview for
 * their user name, groups, uid and extra (as the TokenReview gave them), on every request: so the API allows exactly
 * what kubectl would, and a revoked RoleBinding counts at once. Blocks: call it off the event loop.
 */
public final class ApprovalAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalAccess.class);
    private static final String STATUS = "status";

    private final KubernetesClient client;

    public ApprovalAccess(KubernetesClient client) {
        this.client = client;
    }

    /** {@code list toolcallapprovals} in {@code namespace}; {@code null}: in every namespace (cluster-wide). */
    public boolean mayList(Person person, String namespace) {
        return allowed(person, "list", namespace, null, null);
    }

    /** {@code get toolcallapprovals NAME} in the namespace. */
    public boolean mayGet(Person person, String namespace, String name) {
        return allowed(person, "get", namespace, name, null);
    }

    /** {@code patch} (or {@code update}) on {@code toolcallapprovals/status} of that one: what kubectl toolgate needs. */
    public boolean mayDecide(Person person, String namespace, String name) {
        return allowed(person, "patch", namespace, name, STATUS) || allowed(person, "update", namespace, name, STATUS);
    }

    private boolean allowed(Person person, String verb, String namespace, String name, String subresource) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(person.username()).withUid(person.uid().isEmpty() ? null : person.uid())
                .withGroups(person.groups()).withExtra(person.extra())
                .withNewResourceAttributes().withGroup(McpServer.GROUP).withVersion(McpServer.VERSION)
                .withResource(ToolCallApproval.PLURAL).withSubresource(subresource)
                .withVerb(verb).withNamespace(namespace).withName(name).endResourceAttributes()
                .endSpec().build();
        SubjectAccessReviewStatus status;
        try {
            status = client.authorization().v1().subjectAccessReview().create(review).getStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("approvals API: the SubjectAccessReview of {} {} in {} failed ({})", person.username(), verb,
                    namespace == null ? "every namespace" : namespace, e.getCode());
            throw ApprovalsApiException.unavailable("SubjectAccessReview");
        }
        return status != null && Boolean.TRUE.equals(status.getAllowed()) && !Boolean.TRUE.equals(status.getDenied());
    }
}
