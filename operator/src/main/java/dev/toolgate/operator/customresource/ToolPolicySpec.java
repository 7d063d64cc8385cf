package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A policy document plus the McpServer it applies to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolPolicySpec extends PolicyDocument {
    @Required
    @JsonPropertyDescription("The McpServer (same namespace) whose proxy enforces this policy. Several ToolPolicies may target one McpServer; they are merged.")
    private TargetRef targetRef;

    public TargetRef getTargetRef() { return targetRef; }
    public void setTargetRef(TargetRef targetRef) { this.targetRef = targetRef; }
}
