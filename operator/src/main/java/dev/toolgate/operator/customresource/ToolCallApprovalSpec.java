package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** The call a ToolCallApproval is for, as the proxy recorded it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable: it is the call that was asked for")
public class ToolCallApprovalSpec {
    @JsonPropertyDescription("The McpServer whose proxy asked.")
    private String mcpServer;
    @JsonPropertyDescription("The tool called.")
    private String tool;
    @JsonPropertyDescription("Who called it: the authenticated identity (for a ServiceAccount token, system:serviceaccount:NS:NAME). It may not approve its own call.")
    private String identity;
    @JsonPropertyDescription("The grants the caller's credential carries.")
    private List<String> grants = new ArrayList<>();
    @JsonPropertyDescription("Hex SHA-256 of the arguments in RFC 8785 canonical JSON: the approval covers exactly these arguments.")
    private String argumentsSha256;
    @JsonPropertyDescription("The arguments with secret-looking values masked, cut to 2048 characters. Written by the agent: read it as untrusted text.")
    private String preview;
    @JsonPropertyDescription("The require_approval rule that asked.")
    private String rule;
    @JsonPropertyDescription("That rule's reason.")
    private String reason;
    @JsonPropertyDescription("Which policy in force asked (policies put in force since the proxy started).")
    private Long policyGeneration;
    @JsonPropertyDescription("RFC 3339 time after which a pending approval expires, or an approved call must have been made.")
    private String expiresAt;

    public String getMcpServer() { return mcpServer; }
    public void setMcpServer(String mcpServer) { this.mcpServer = mcpServer; }
    public String getTool() { return tool; }
    public void setTool(String tool) { this.tool = tool; }
    public String getIdentity() { return identity; }
    public void setIdentity(String identity) { this.identity = identity; }
    public List<String> getGrants() { return grants; }
    public void setGrants(List<String> grants) { this.grants = grants; }
    public String getArgumentsSha256() { return argumentsSha256; }
    public void setArgumentsSha256(String argumentsSha256) { this.argumentsSha256 = argumentsSha256; }
    public String getPreview() { return preview; }
    public void setPreview(String preview) { this.preview = preview; }
    public String getRule() { return rule; }
    public void setRule(String rule) { this.rule = rule; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public Long getPolicyGeneration() { return policyGeneration; }
    public void setPolicyGeneration(Long policyGeneration) { this.policyGeneration = policyGeneration; }
    public String getExpiresAt() { return expiresAt; }
    public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
}
