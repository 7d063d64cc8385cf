package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An upstream MCP server put behind a policy-enforcing Toolgate proxy. */
@Group(McpServer.GROUP)
@Version(McpServer.VERSION)
@Kind("McpServer")
@Plural("mcpservers")
@ShortNames("mcps")
@AdditionalPrinterColumn(name = "Upstream", jsonPath = ".spec.upstream.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Policies", jsonPath = ".status.policyCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tools", jsonPath = ".status.toolCounts.total", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Critical", jsonPath = ".status.toolCounts.critical", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "High", jsonPath = ".status.toolCounts.high", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Medium", jsonPath = ".status.toolCounts.medium", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Low", jsonPath = ".status.toolCounts.low", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Changed", jsonPath = ".status.toolCounts.changed", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class McpServer extends CustomResource<McpServerSpec, McpServerStatus> implements Namespaced {
    public static final String GROUP = "toolgate.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription("An upstream MCP server and how the Toolgate proxy in front of it runs.")
    public McpServerSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The proxy readiness, the policy in force and the endpoint agents use.")
    public McpServerStatus getStatus() {
        return super.getStatus();
    }
}
