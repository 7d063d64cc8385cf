package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.ToolCallApprovals;
import dev.toolgate.proxy.approval.ApprovalBook;
import dev.toolgate.proxy.approval.ApprovalDecisionException;
import dev.toolgate.proxy.approval.ApprovalMirror;
import dev.toolgate.proxy.approval.ApprovalRecord;
import dev.toolgate.proxy.approval.ApprovalRequest;
import dev.toolgate.proxy.approval.ApprovalState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The proxy's approvals as ToolCallApproval resources (#19): each new record is created as one (named by the record's
 * id, owned by the McpServer that owns the policy ConfigMap, labelled with the McpServer and the proxy's phase), and
 * a decision a person writes into its status ({@code state: Approved|Denied}, {@code decidedBy}, {@code reason}) is
 * applied to the book, which refuses a requester approving its own call again (the API server refused it first).
 * Writes go through one thread of their own, never the event loop; the proxy writes the resource and its labels,
 * never its status, so the proxy's ServiceAccount cannot decide. A Normal Event on the McpServer tells of each
 * approval asked ({@code ApprovalRequested}) and decided ({@code ApprovalApproved}, {@code ApprovalDenied}).
 */
public final class KubernetesApprovals implements ApprovalMirror {
    public static final String API_VERSION = "toolgate.dev/v1alpha1";
    public static final String KIND = "ToolCallApproval";
    /** The McpServer whose proxy made the resource: the proxy watches only its own. */
    public static final String MCP_SERVER_LABEL = ToolCallApprovals.MCP_SERVER_LABEL;
    /** What the proxy did with it: pending, consumed, expired (the decision is in status). */
    public static final String PHASE_LABEL = ToolCallApprovals.PHASE_LABEL;
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesApprovals.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String mcpServer;
    private final String policyConfigMap;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "toolgate-approvals-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final boolean ownsClient;
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile ApprovalBook book;

    /** With a given client, which closing this leaves open. */
    public KubernetesApprovals(KubernetesClient client, String namespace, String mcpServer, String policyConfigMap) {
        this(client, false, namespace, mcpServer, policyConfigMap);
    }

    private KubernetesApprovals(KubernetesClient client, boolean ownsClient, String namespace, String mcpServer,
                                String policyConfigMap) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.namespace = namespace;
        this.mcpServer = mcpServer;
        this.policyConfigMap = policyConfigMap;
    }

    /**
     * Connects as {@link KubernetesMode} does (the in-cluster ServiceAccount, else the kubeconfig), in the same
     * namespace ({@code namespace} null: env POD_NAMESPACE, then the client's).
     */
    public static KubernetesApprovals connect(String namespace, String mcpServer, String policyConfigMap) {
        KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        return new KubernetesApprovals(client, true, KubernetesMode.namespace(namespace, System.getenv(), client),
                mcpServer, policyConfigMap);
    }

    @Override
    public void attach(ApprovalBook approvals) {
        this.book = approvals;
        informer = client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace)
                .withLabel(MCP_SERVER_LABEL, mcpServer).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource resource) {
                        decided(resource);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        decided(after);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource resource, boolean unknownFinalState) {
                    }
                });
    }

    @Override
    public void transition(ApprovalRecord record, ApprovalState from) {
        if (from == null) {
            writer.execute(() -> {
                OwnerReference owner = owner();
                create(record, owner);
                event(record, owner, "ApprovalRequested", "Approval " + record.id() + " requested: " + record.request().identity()
                        + " called " + record.request().tool() + " (rule " + record.rule() + "); kubectl toolgate approve|deny "
                        + record.id());
            });
        } else if (record.state() == ApprovalState.APPROVED || record.state() == ApprovalState.DENIED) {
            String verb = record.state() == ApprovalState.APPROVED ? "Approved" : "Denied";
            writer.execute(() -> event(record, owner(), "Approval" + verb, "Approval " + record.id() + " of "
                    + record.request().tool() + " for " + record.request().identity() + " " + verb.toLowerCase(Locale.ROOT)
                    + " by " + record.decidedBy() + (record.decisionReason() == null ? "" : ": " + record.decisionReason())));
        } else if (record.state() == ApprovalState.CONSUMED || record.state() == ApprovalState.EXPIRED) {
            writer.execute(() -> phase(record));
        }
    }

    /**
     * A Normal Event on the McpServer (its {@code related} the ToolCallApproval), so {@code kubectl describe mcpserver}
     * shows approvals asked and decided. Best effort: a refused write is logged, the approval goes on.
     */
    private void event(ApprovalRecord record, OwnerReference owner, String reason, String note) {
        if (owner == null) {
            return;
        }
        // the time of the transition on the book's clock
        Instant at = record.decidedAt() != null ? record.decidedAt() : record.createdAt();
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                .withName(owner.getName() + "." + record.id() + "." + reason.toLowerCase(Locale.ROOT)).endMetadata()
                .withType("Normal").withReason(reason).withAction("Approval")
                .withNote(note.length() > 1024 ? note.substring(0, 1024) : note)
                .withEventTime(EventWriter.microTime(at))
                .withReportingController(EventWriter.REPORTING_CONTROLLER)
                .withReportingInstance(KubernetesMode.podName(System.getenv()))
                .withRegarding(new ObjectReferenceBuilder().withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind()).withName(owner.getName()).withUid(owner.getUid()).withNamespace(namespace).build())
                .withRelated(new ObjectReferenceBuilder().withApiVersion(API_VERSION)
                        .withKind(KIND).withName(record.id()).withNamespace(namespace).build())
                .build();
        try {
            client.events().v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("approval {}: could not write its {} Event ({})", record.id(), reason, e.getCode());
        }
    }

    @Override
    public void refused(ApprovalRecord record, String approver, String why) {
        LOG.warn("approval {}: a decision by {} was refused: {}", record.id(), approver, why);
    }

    /** A decision written into a resource's status, applied to the book while the record there is pending. */
    private void decided(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> fields) || book == null) {
            return;
        }
        Object state = fields.get("state");
        if (!ToolCallApprovals.APPROVED.equals(state) && !ToolCallApprovals.DENIED.equals(state)) {
            return;
        }
        String id = resource.getMetadata().getName();
        if (book.get(id).filter(r -> r.state() == ApprovalState.PENDING).isEmpty()) {
            return;
        }
        String by = fields.get("decidedBy") instanceof String name ? name : "";
        String reason = fields.get("reason") instanceof String text ? text : null;
        try {
            book.decide(id, ToolCallApprovals.APPROVED.equals(state), by, reason);
        } catch (ApprovalDecisionException e) {
            LOG.debug("approval {} not decided by {}: {}", id, by, e.getMessage());
        }
    }

    private void create(ApprovalRecord record, OwnerReference owner) {
        ApprovalRequest request = record.request();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("mcpServer", request.mcpServer());
        spec.put("tool", request.tool());
        spec.put("identity", request.identity());
        spec.put("grants", request.grants());
        spec.put("argumentsSha256", request.argumentsSha256());
        spec.put("preview", record.preview());
        spec.put("rule", record.rule());
        spec.put("reason", record.reason());
        spec.put("policyGeneration", record.policyGeneration());
        spec.put("expiresAt", record.expiresAt().toString());
        GenericKubernetesResourceBuilder resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION).withKind(KIND)
                .withNewMetadata().withName(record.id()).withNamespace(namespace)
                .addToLabels(MCP_SERVER_LABEL, mcpServer).addToLabels(PHASE_LABEL, ToolCallApprovals.PHASE_PENDING)
                .endMetadata()
                .addToAdditionalProperties("spec", spec);
        if (owner != null) {
            resource.editMetadata().addToOwnerReferences(owner).endMetadata();
        }
        try {
            client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace).resource(resource.build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("approval {}: could not create its ToolCallApproval ({}); it can be decided on the admin port only",
                    record.id(), e.getCode());
        }
    }

    private void phase(ApprovalRecord record) {
        String patch = "{\"metadata\":{\"labels\":{\"" + PHASE_LABEL + "\":\""
                + record.state().name().toLowerCase(Locale.ROOT) + "\"}}}";
        try {
            client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace).withName(record.id())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            LOG.warn("approval {}: could not mark its ToolCallApproval {} ({})", record.id(), record.state(), e.getCode());
        }
    }

    /** The McpServer that owns the policy ConfigMap (the operator sets it), to own the approvals too; null if none. */
    private OwnerReference owner() {
        try {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(policyConfigMap).get();
            if (map == null) {
                return null;
            }
            return map.getMetadata().getOwnerReferences().stream()
                    .filter(o -> RegardingObjects.MCP_SERVER.equals(o.getKind())).findFirst()
                    .map(o -> new OwnerReference(o.getApiVersion(), null, false, o.getKind(), o.getName(), o.getUid()))
                    .orElse(null);
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        writer.shutdown();
        if (ownsClient) {
            client.close();
        }
    }
}
