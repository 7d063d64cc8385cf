package dev.toolgate.operator.approvals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.contract.ToolCallApprovals;
import dev.toolgate.operator.approvals.ApprovalPaths.Target;
import dev.toolgate.operator.approvals.ApprovalsApi.ApprovalAnswer;
import dev.toolgate.operator.customresource.ToolCallApproval;
import dev.toolgate.operator.customresource.ToolCallApprovalSpec;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One request of the approvals API, answered by asking the API server (blocking: {@link ApprovalsApi} runs it on its
 * workers). Order: who (401), what path and method (404, 405), the body (400), may they (403), the approval (404),
 * still pending (409), not their own call (403), then the status write, which the API server's admission policy
 * judges once more.
 */
final class ApprovalRequests {
    /** The most approvals a list answers with, newest first. */
    static final int MAX_LISTED = 500;
    /** The most namespaces whose list permission one request asks about (one SubjectAccessReview each). */
    static final int MAX_NAMESPACES = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalRequests.class);

    private final KubernetesClient client;
    private final Set<String> watchNamespaces;
    private final PersonAuthenticator authenticator;
    private final ApprovalAccess access;
    private final Clock clock;

    ApprovalRequests(KubernetesClient client, Set<String> watchNamespaces, PersonAuthenticator authenticator,
                     ApprovalAccess access, Clock clock) {
        this.client = client;
        this.watchNamespaces = new TreeSet<>(watchNamespaces);
        this.authenticator = authenticator;
        this.access = access;
        this.clock = clock;
    }

    ApprovalAnswer answer(ApprovalRequest request) {
        try {
            Person person = authenticator.authenticate(request.authorization());
            if (request.path().equals(ApprovalPaths.ROOT)) {
                requireMethod(request, ApprovalRequest.Method.GET);
                return ApprovalAnswer.ok(list(person));
            }
            Target target = ApprovalPaths.target(request.path())
                    .orElseThrow(() -> new ApprovalsApiException(404, "no such approval"));
            if (target.approve().isPresent()) {
                requireMethod(request, ApprovalRequest.Method.POST);
                return ApprovalAnswer.ok(decide(person, target, target.approve().get(), request.body()));
            }
            requireMethod(request, ApprovalRequest.Method.GET);
            return ApprovalAnswer.ok(one(person, target));
        } catch (ApprovalsApiException e) {
            return ApprovalAnswer.error(e.status(), e.getMessage());
        } catch (KubernetesClientException e) {
            LOG.warn("approvals API: the API server refused or did not answer ({})", e.getCode());
            return ApprovalAnswer.error(503, "the Kubernetes API server refused or did not answer; try again");
        }
    }

    private static void requireMethod(ApprovalRequest request, ApprovalRequest.Method method) {
        if (request.method() != method) {
            throw new ApprovalsApiException(405, "use " + method);
        }
    }

    private MixedOperation<ToolCallApproval, KubernetesResourceList<ToolCallApproval>, Resource<ToolCallApproval>> approvals() {
        return client.resources(ToolCallApproval.class);
    }

    /** The approvals of every namespace the person may list (and the operator watches), newest first. */
    private ObjectNode list(Person person) {
        List<ToolCallApproval> found = new ArrayList<>();
        if (watchNamespaces.isEmpty() && access.mayList(person, null)) {
            found.addAll(approvals().inAnyNamespace().list().getItems());
        } else {
            List<ToolCallApproval> candidates = watchNamespaces.isEmpty() ? approvals().inAnyNamespace().list().getItems() : null;
            Set<String> namespaces = candidates == null ? watchNamespaces
                    : candidates.stream().map(a -> a.getMetadata().getNamespace()).collect(Collectors.toCollection(TreeSet::new));
            if (namespaces.size() > MAX_NAMESPACES) {
                LOG.warn("approvals API: {} namespaces hold approvals; {} may list only the first {} by name (list permission in every namespace shows all)",
                        namespaces.size(), person.username(), MAX_NAMESPACES);
            }
            Set<String> allowed = namespaces.stream().limit(MAX_NAMESPACES).filter(ns -> access.mayList(person, ns))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (allowed.isEmpty()) {
                throw new ApprovalsApiException(403, "you may not list toolcallapprovals in any namespace with approvals"
                        + " (RBAC: list on toolcallapprovals.toolgate.dev)");
            }
            if (candidates == null) {
                allowed.forEach(ns -> found.addAll(approvals().inNamespace(ns).list().getItems()));
            } else {
                candidates.stream().filter(a -> allowed.contains(a.getMetadata().getNamespace())).forEach(found::add);
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        var items = answer.putArray("approvals");
        found.stream().sorted(ApprovalJson::newestFirst).limit(MAX_LISTED)
                .forEach(a -> items.add(ApprovalJson.of(a, ApprovalState.of(a, clock.instant()))));
        return answer;
    }

    private ObjectNode one(Person person, Target target) {
        watched(target);
        if (!access.mayGet(person, target.namespace(), target.name())) {
            throw new ApprovalsApiException(403, "you may not get toolcallapprovals in namespace " + target.namespace());
        }
        ToolCallApproval approval = existing(target);
        return ApprovalJson.of(approval, ApprovalState.of(approval, clock.instant()));
    }

    private ObjectNode decide(Person person, Target target, boolean approve, byte[] body) {
        if (body == null) {
            throw new ApprovalsApiException(400, "the body is over " + DecisionBody.MAX_BODY + " bytes");
        }
        Optional<String> reason = DecisionBody.reason(body);
        watched(target);
        if (!access.mayDecide(person, target.namespace(), target.name())) {
            throw new ApprovalsApiException(403, "you may not decide toolcallapprovals in namespace " + target.namespace()
                    + " (RBAC: patch on toolcallapprovals/status)");
        }
        ToolCallApproval approval = existing(target);
        ApprovalState state = ApprovalState.of(approval, clock.instant());
        if (state != ApprovalState.PENDING) {
            throw new ApprovalsApiException(409, "the approval is " + state.wire() + ", no longer pending");
        }
        ToolCallApprovalSpec spec = approval.getSpec();
        if (spec == null || spec.getIdentity() == null || person.username().equals(spec.getIdentity())) {
            LOG.warn("approvals API: {} tried to decide {}/{}, their own call", person.username(), target.namespace(), target.name());
            throw new ApprovalsApiException(403, "the approver must not be the identity that asked for the call");
        }
        ToolCallApproval decided = write(approval, approve, person, reason);
        LOG.info("approvals API: {}/{} ({} for {}) {} by {}", target.namespace(), target.name(), spec.getTool(),
                spec.getIdentity(), approve ? "approved" : "denied", person.username());
        return ApprovalJson.of(decided, ApprovalState.of(decided, clock.instant()));
    }

    /**
     * The decision, as a merge patch of the status naming the resourceVersion read (so a decision written meanwhile
     * makes this one fail with 409 rather than overwrite it), written as the operator; {@code decidedBy} is the person.
     */
    private ToolCallApproval write(ToolCallApproval approval, boolean approve, Person person, Optional<String> reason) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", approval.getMetadata().getResourceVersion());
        ObjectNode status = patch.putObject("status")
                .put("state", approve ? ToolCallApprovals.APPROVED : ToolCallApprovals.DENIED)
                .put("decidedBy", person.username())
                .put("decidedAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        reason.ifPresent(text -> status.put("reason", text));
        try {
            return approvals().inNamespace(approval.getMetadata().getNamespace()).withName(approval.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : "refused";
            switch (e.getCode()) {
                case 409 -> throw new ApprovalsApiException(409, "the approval changed meanwhile; reload it");
                case 403 -> throw new ApprovalsApiException(403, "the API server refused the decision: " + why);
                case 422 -> throw new ApprovalsApiException(409, "the API server refused the decision: " + why);
                case 404 -> throw new ApprovalsApiException(404, "no such approval");
                default -> throw e;
            }
        }
    }

    /** With watched namespaces, one outside them is not the operator's to show (nor within its RBAC). */
    private void watched(Target target) {
        if (!watchNamespaces.isEmpty() && !watchNamespaces.contains(target.namespace())) {
            throw new ApprovalsApiException(404, "no such approval");
        }
    }

    private ToolCallApproval existing(Target target) {
        ToolCallApproval approval = approvals().inNamespace(target.namespace()).withName(target.name()).get();
        if (approval == null) {
            throw new ApprovalsApiException(404, "no such approval");
        }
        return approval;
    }
}
