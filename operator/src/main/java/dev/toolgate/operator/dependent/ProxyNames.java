package dev.toolgate.operator.dependent;

import dev.toolgate.contract.PolicyConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import dev.toolgate.operator.customresource.McpServer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of the objects owned by an McpServer. Everything is named {@code <mcpserver>-toolgate} (the
 * ConfigMap {@code <mcpserver>-toolgate-policy}) so the proxy's Service never collides with the upstream's own.
 */
public final class ProxyNames {
    public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=toolgate-operator";
    public static final String MCPSERVER_LABEL = "toolgate.dev/mcpserver";
    public static final String API_KEYS_KEY = "api-keys.yaml";
    public static final String API_KEYS_DIR = "/etc/toolgate/api-keys";
    /** The key of the approval state Secret holding the HMAC key, and the file it is mounted as. */
    public static final String APPROVAL_STATE_KEY = "key";
    public static final String APPROVAL_STATE_DIR = "/etc/toolgate/approval-state";
    public static final int MCP_PORT = 8080;
    public static final int ADMIN_PORT = 9090;
    public static final int DEFAULT_SERVICE_PORT = 8080;

    private ProxyNames() {
    }

    public static String proxy(McpServer server) {
        return server.getMetadata().getName() + "-toolgate";
    }

    /** The Secret holding the McpServer's approval {@code requestState} key, shared by all its proxy pods. */
    public static String approvalState(McpServer server) {
        return proxy(server) + "-approval-state";
    }

    public static PolicyConfigMap policyConfigMap(McpServer server) {
        return PolicyConfigMap.of(server.getMetadata().getName());
    }

    /** Labels selecting the proxy pods of one McpServer (Deployment selector, Service selector). */
    public static Map<String, String> selector(McpServer server) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", "toolgate-proxy");
        labels.put("app.kubernetes.io/instance", server.getMetadata().getName());
        return labels;
    }

    /** Labels on every owned object; the operator's informers only watch objects carrying managed-by. */
    /** Name, namespace and labels shared by every object owned by the McpServer. */
    public static ObjectMeta ownedMetadata(McpServer server, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(server.getMetadata().getNamespace())
                .withLabels(labels(server))
                .build();
    }

    public static Map<String, String> labels(McpServer server) {
        var labels = selector(server);
        labels.put("app.kubernetes.io/component", "mcp-proxy");
        labels.put("app.kubernetes.io/managed-by", "toolgate-operator");
        labels.put(MCPSERVER_LABEL, server.getMetadata().getName());
        return labels;
    }

    public static int servicePort(McpServer server) {
        Integer port = server.getSpec().getServicePort();
        return port == null ? DEFAULT_SERVICE_PORT : port;
    }

    /** The in-cluster URL agents use. */
    public static String endpoint(McpServer server) {
        return "http://" + proxy(server) + "." + server.getMetadata().getNamespace() + ".svc:" + servicePort(server) + "/mcp";
    }
}
