package dev.toolgate.operator;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.McpServerSpec;
import dev.toolgate.operator.customresource.SecretRef;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.customresource.ToolPolicySpec;
import dev.toolgate.operator.customresource.Upstream;
import dev.toolgate.operator.policy.PolicyDocuments;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Test resources. */
public final class Fixtures {
    public static final String NAMESPACE = "tools";
    /** The seed policy, verbatim. */
    public static final String SEED = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"run_workflow\":{\"limits\":"
            + "[{\"counter\":\"run_workflow_rate\",\"window\":\"minute\",\"max\":10,\"scope\":\"grant\"}]}}}";

    private Fixtures() {
    }

    public static McpServer mcpServer(String name, String upstreamUrl) {
        var server = new McpServer();
        server.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        var spec = new McpServerSpec();
        var upstream = new Upstream();
        upstream.setUrl(upstreamUrl);
        spec.setUpstream(upstream);
        server.setSpec(spec);
        return server;
    }

    public static McpServer withApiKeys(McpServer server, String secret) {
        server.getSpec().setApiKeysSecretRef(new SecretRef(secret));
        return server;
    }

    /** A ToolPolicy whose spec is the given policy document plus targetRef. */
    public static ToolPolicy toolPolicy(String name, String target, String policyJson) {
        try {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) PolicyDocuments.mapper().readTree(policyJson);
            tree.putObject("targetRef").put("name", target);
            var policy = new ToolPolicy();
            policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
            policy.setSpec(PolicyDocuments.mapper().treeToValue(tree, ToolPolicySpec.class));
            return policy;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
