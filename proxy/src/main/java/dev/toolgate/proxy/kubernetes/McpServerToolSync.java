package dev.toolgate.proxy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.contract.McpServerTools;
import dev.toolgate.policy.risk.Classification;
import dev.toolgate.policy.risk.RiskLevel;
import dev.toolgate.policy.risk.ToolFingerprint;
import dev.toolgate.proxy.inventory.AcceptedPins;
import dev.toolgate.proxy.inventory.InventoryArguments;
import dev.toolgate.proxy.inventory.ToolChange;
import dev.toolgate.proxy.inventory.ToolInventory;
import dev.toolgate.proxy.inventory.ToolRecord;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's side of the tool inventory on Kubernetes. The proxy, not the operator, records the tools: it is what
 * sees the upstream's {@code tools/list} answers (a sidecar upstream is reachable only inside the pod, and an upstream
 * may list tools only to authenticated agents), and it is what must act on a changed definition at call time.
 * <ul>
 *   <li>watches its own McpServer (by name) for {@code spec.tools.accepted}, the definitions a person accepted;</li>
 *   <li>writes a Warning Event {@value McpServerTools#CHANGED_EVENT_REASON} on the McpServer naming the tool and what
 *       changed, once per new definition;</li>
 *   <li>every {@link #STATUS_INTERVAL} writes {@code status.tools} and {@code status.toolCounts} when they differ from
 *       what it last wrote: a JSON merge patch of the status subresource holding only those two fields, under the field
 *       manager {@value McpServerTools#FIELD_MANAGER}. The operator applies its own status fields with server-side
 *       apply and never names these, so the two writers never touch each other's fields.</li>
 * </ul>
 * All API calls run on one worker thread, never on an event loop.
 */
public final class McpServerToolSync implements AcceptedPins, AutoCloseable {
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(2);
    /** Entries of {@code status.tools}: an object in etcd stays well under its size limit. */
    static final int MAX_STATUS_TOOLS = 1_000;
    static final int MAX_SIGNALS = 8;
    private static final int MAX_NAME = 253;
    static final ResourceDefinitionContext MCP_SERVERS = new ResourceDefinitionContext.Builder()
            .withGroup("toolgate.dev").withVersion("v1alpha1").withKind(RegardingObjects.MCP_SERVER).withPlural("mcpservers")
            .withNamespaced(true).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(McpServerToolSync.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String pod;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "toolgate-tool-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile Map<String, ToolFingerprint> accepted = Map.of();
    private volatile ObjectReference regarding;
    private String lastWritten;

    McpServerToolSync(KubernetesClient client, String namespace, String name, String pod, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.pod = pod;
        this.clock = clock;
        this.regarding = reference(null);
        informer = client.genericKubernetesResources(MCP_SERVERS).inNamespace(namespace).withName(name).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            LOG.warn("Watching McpServer {}/{} failed ({}); retrying, the accepted tool definitions stay", namespace, name,
                    error.toString());
            return true;
        });
        informer.addEventHandler(new EveryVersion<>(this::read));
    }

    /** Starts the watch and waits up to {@code timeout} for the first read (the accepted pins start empty otherwise). */
    void start(Duration timeout) {
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Could not read McpServer {}/{} within {} ({}); tools are pinned to their first definition until it can",
                    namespace, name, timeout, e.toString());
        }
    }

    /** The inventory these flags describe, pinned to the McpServer's accepted definitions and recorded in its status. */
    public ToolInventory inventory(InventoryArguments arguments) {
        ToolInventory inventory = arguments.inventory(this, change -> worker.execute(() -> writeEvent(change)), clock);
        worker.scheduleWithFixedDelay(() -> writeStatus(inventory), 0, STATUS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return inventory;
    }

    @Override
    public Map<String, ToolFingerprint> accepted() {
        return accepted;
    }

    /** The McpServer as it is now; null once deleted (then nothing is accepted). */
    private void read(GenericKubernetesResource server) {
        if (server == null) {
            accepted = Map.of();
            return;
        }
        regarding = reference(server.getMetadata().getUid());
        JsonNode spec = JSON.valueToTree(server.getAdditionalProperties()).path("spec");
        JsonNode list = spec.path(McpServerTools.TOOLS).path(McpServerTools.ACCEPTED);
        Map<String, ToolFingerprint> pins = new HashMap<>();
        list.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                pins.put(e.getKey(), new ToolFingerprint(e.getValue().textValue().toLowerCase(Locale.ROOT), Map.of()));
            }
        });
        accepted = Map.copyOf(pins);
    }

    private void writeEvent(ToolChange change) {
        String tool = shortened(change.tool());
        String note = "Tool \"" + tool + "\" changed its " + change.what() + " since it was pinned; calls of it "
                + "are refused until a person accepts the new definition (sha256 " + change.listed().sha256()
                + "): kubectl toolgate accept-tool -n " + namespace + " " + name + " " + tool;
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace).withGenerateName(name + "-tool-changed-").endMetadata()
                .withType(EventWriter.TYPE)
                .withReason(McpServerTools.CHANGED_EVENT_REASON)
                .withAction("ListTools")
                .withNote(note.length() > 1024 ? note.substring(0, 1024) : note)
                .withEventTime(EventWriter.microTime(clock.instant()))
                .withReportingController(EventWriter.REPORTING_CONTROLLER)
                .withReportingInstance(pod)
                .withRegarding(regarding)
                .build();
        try {
            client.events().v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("Could not write the {} Event for tool {}: {}", McpServerTools.CHANGED_EVENT_REASON, tool, e.toString());
        }
    }

    private void writeStatus(ToolInventory inventory) {
        try {
            String patch = JSON.writeValueAsString(JSON.createObjectNode().set("status", status(inventory)));
            if (patch.equals(lastWritten)) {
                return;
            }
            client.genericKubernetesResources(MCP_SERVERS).inNamespace(namespace).withName(name).subresource("status")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                            .withFieldManager(McpServerTools.FIELD_MANAGER).build(), patch);
            lastWritten = patch;
        } catch (Exception e) {
            LOG.warn("Could not write the tool inventory to McpServer {}/{} status: {}", namespace, name, e.toString());
        }
    }

    /** {@code status.tools} (sorted by name, at most {@value #MAX_STATUS_TOOLS}) and {@code status.toolCounts}. */
    static ObjectNode status(ToolInventory inventory) {
        ObjectNode status = JSON.createObjectNode();
        ArrayNode tools = status.putArray(McpServerTools.TOOLS);
        Map<RiskLevel, Integer> counts = new java.util.EnumMap<>(RiskLevel.class);
        int changed = 0;
        Map<String, ToolRecord> records = inventory.tools();
        for (Map.Entry<String, ToolRecord> entry : records.entrySet()) {
            Classification c = entry.getValue().classification();
            counts.merge(c.risk(), 1, Integer::sum);
            ToolChange change = inventory.change(entry.getKey());
            changed += change == null ? 0 : 1;
            if (tools.size() == MAX_STATUS_TOOLS) {
                continue;
            }
            ObjectNode tool = tools.addObject();
            tool.put(McpServerTools.NAME, shortened(entry.getKey()));
            tool.put(McpServerTools.CLASS, c.riskClass().keyword());
            tool.put(McpServerTools.RISK, c.risk().keyword());
            tool.put(McpServerTools.CONFIDENCE, c.confidence().keyword());
            ArrayNode signals = tool.putArray(McpServerTools.SIGNALS);
            c.signals().stream().limit(MAX_SIGNALS).forEach(signals::add);
            tool.put(McpServerTools.SHA256, entry.getValue().listed().sha256());
            if (change != null) {
                ArrayNode what = tool.putArray(McpServerTools.CHANGED);
                change.changed().forEach(what::add);
            }
        }
        ObjectNode toolCounts = status.putObject(McpServerTools.TOOL_COUNTS);
        toolCounts.put("total", records.size());
        for (RiskLevel level : RiskLevel.values()) {
            toolCounts.put(level.keyword(), counts.getOrDefault(level, 0));
        }
        toolCounts.put(McpServerTools.CHANGED, changed);
        return status;
    }

    private ObjectReference reference(String uid) {
        return new ObjectReferenceBuilder().withApiVersion(RegardingObjects.API_VERSION).withKind(RegardingObjects.MCP_SERVER)
                .withNamespace(namespace).withName(name).withUid(uid).build();
    }

    private static String shortened(String tool) {
        return tool.length() > MAX_NAME ? tool.substring(0, MAX_NAME) : tool;
    }

    @Override
    public void close() {
        informer.close();
        worker.shutdownNow();
    }
}
