package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.model.RuleOrigin;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Which object an Event is about. The operator names merged rules {@code <ToolPolicy name>/<rule>}, so a rule
 * with a {@code /} points at that ToolPolicy; any other rule ({@code default}, {@code hide}, ...) at the McpServer,
 * or at the proxy's Pod when the McpServer is unknown.
 * <p>
 * {@code kubectl describe} selects Events by the object's UID too, so UIDs are learnt from the policy ConfigMap:
 * the McpServer's from its owner reference, the ToolPolicies' from the annotation {@value PolicyConfigMap#TOOL_POLICY_UIDS_ANNOTATION}
 * (a JSON object, ToolPolicy name to UID). Without a UID the Event still lists under {@code kubectl get events}.
 */
final class RegardingObjects {
    static final String API_VERSION = "toolgate.dev/v1alpha1";
    static final String TOOL_POLICY = "ToolPolicy";
    static final String MCP_SERVER = "McpServer";

    private static final Logger LOG = LoggerFactory.getLogger(RegardingObjects.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final String podName;
    private volatile String mcpServer;
    private volatile String mcpServerUid;
    private volatile Map<String, String> toolPolicyUids = Map.of();

    /**
     * @param mcpServer the McpServer to fall back to; null to learn it from the ConfigMap's owner reference
     * @param podName   the proxy's Pod, the last resort
     */
    RegardingObjects(String namespace, String mcpServer, String podName) {
        this.namespace = namespace;
        this.mcpServer = mcpServer;
        this.podName = podName;
    }

    /** The object a rule of this origin belongs to: its ToolPolicy, else the McpServer (or the Pod). */
    ObjectReference forOrigin(RuleOrigin origin) {
        if (origin instanceof RuleOrigin.ToolPolicy toolPolicy) {
            return reference(API_VERSION, TOOL_POLICY, toolPolicy.name(), toolPolicyUids.get(toolPolicy.name()));
        }
        return fallback();
    }

    /** The McpServer (or the Pod) an Event about a ToolPolicy relates to; null when it would repeat {@code regarding}. */
    ObjectReference related(ObjectReference regarding) {
        return TOOL_POLICY.equals(regarding.getKind()) ? fallback() : null;
    }

    /** Learns names and UIDs from the policy ConfigMap the operator wrote. */
    void learn(ConfigMap configMap) {
        if (configMap == null || configMap.getMetadata() == null) {
            return;
        }
        for (OwnerReference owner : configMap.getMetadata().getOwnerReferences()) {
            if (MCP_SERVER.equals(owner.getKind()) && API_VERSION.equals(owner.getApiVersion())
                    && (mcpServer == null || mcpServer.equals(owner.getName()))) {
                mcpServer = owner.getName();
                mcpServerUid = owner.getUid();
            }
        }
        String uids = configMap.getMetadata().getAnnotations() == null ? null
                : configMap.getMetadata().getAnnotations().get(PolicyConfigMap.TOOL_POLICY_UIDS_ANNOTATION);
        if (uids != null) {
            try {
                toolPolicyUids = Map.copyOf(JSON.readValue(uids, new TypeReference<Map<String, String>>() {
                }));
            } catch (Exception e) {
                LOG.warn("Annotation {} on ConfigMap {} is not a JSON object of names to UIDs; Events will carry no ToolPolicy UID",
                        PolicyConfigMap.TOOL_POLICY_UIDS_ANNOTATION, configMap.getMetadata().getName());
            }
        }
    }

    private ObjectReference fallback() {
        String server = mcpServer;
        if (server != null) {
            return reference(API_VERSION, MCP_SERVER, server, mcpServerUid);
        }
        return reference("v1", "Pod", podName, null);
    }

    private ObjectReference reference(String apiVersion, String kind, String name, String uid) {
        return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withNamespace(namespace)
                .withName(name).withUid(uid).build();
    }
}
