package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** Whether the policy was accepted, and the last accepted policy (which stays in force while a newer one is invalid). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolPolicyStatus {
    @JsonPropertyDescription("Accepted: True when the spec is a valid policy; False lists every error, path by path.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Tool entries (names and globs) the accepted policy covers.")
    private Integer toolsCovered;

    @JsonPropertyDescription("The metadata.generation of the accepted policy.")
    private Long acceptedGeneration;

    @JsonPropertyDescription("The last accepted policy (the spec without targetRef); this is what the McpServer enforces.")
    private PolicyDocument acceptedPolicy;

    @JsonPropertyDescription("The McpServer this status was last reconciled for; lets the operator update the McpServer a ToolPolicy leaves when its targetRef changes.")
    private String target;

    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public Integer getToolsCovered() { return toolsCovered; }
    public void setToolsCovered(Integer toolsCovered) { this.toolsCovered = toolsCovered; }
    public Long getAcceptedGeneration() { return acceptedGeneration; }
    public void setAcceptedGeneration(Long acceptedGeneration) { this.acceptedGeneration = acceptedGeneration; }
    public PolicyDocument getAcceptedPolicy() { return acceptedPolicy; }
    public void setAcceptedPolicy(PolicyDocument acceptedPolicy) { this.acceptedPolicy = acceptedPolicy; }
}
