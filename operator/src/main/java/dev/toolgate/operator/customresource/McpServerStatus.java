package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
}
