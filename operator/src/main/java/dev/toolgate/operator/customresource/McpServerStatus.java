package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.contract.McpServerTools;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did for an McpServer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpServerStatus {
    @JsonPropertyDescription("Ready: the proxy pods are available. PolicyApplied: the merged policy of the accepted ToolPolicies is in the proxy's ConfigMap.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("In-cluster URL agents connect to.")
    private String endpoint;

    @JsonPropertyDescription("Names of the ToolPolicies whose accepted policy is in force, in merge order.")
    private List<String> policies = new ArrayList<>();

    @JsonPropertyDescription("Number of ToolPolicies in force.")
    private Integer policyCount;

    @JsonProperty(McpServerTools.TOOLS)
    @JsonPropertyDescription("The upstream's tools as the proxy saw them listed, classified and fingerprinted; written by the proxy (field manager toolgate-proxy), never by the operator.")
    private List<ToolStatus> tools;

    @JsonProperty(McpServerTools.TOOL_COUNTS)
    @JsonPropertyDescription("The upstream's tools by risk level; written by the proxy.")
    private ToolCounts toolCounts;

    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public List<String> getPolicies() { return policies; }
    public void setPolicies(List<String> policies) { this.policies = policies; }
    public Integer getPolicyCount() { return policyCount; }
    public void setPolicyCount(Integer policyCount) { this.policyCount = policyCount; }
    public List<ToolStatus> getTools() { return tools; }
    public void setTools(List<ToolStatus> tools) { this.tools = tools; }
    public ToolCounts getToolCounts() { return toolCounts; }
    public void setToolCounts(ToolCounts toolCounts) { this.toolCounts = toolCounts; }

    /**
     * This status without the fields the proxy owns ({@code tools}, {@code toolCounts}): what the operator derives,
     * compares and applies, so that its server-side apply never claims or reverts the proxy's fields.
     */
    public McpServerStatus withoutProxyFields() {
        McpServerStatus copy = dev.toolgate.operator.status.StatusDiff.copy(this, McpServerStatus.class);
        copy.setTools(null);
        copy.setToolCounts(null);
        return copy;
    }
}
