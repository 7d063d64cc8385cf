package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.toolgate.contract.McpServerTools;

import java.util.Map;

/** {@code spec.tools}: what a person decided about the upstream's tools. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolsSpec {
    @JsonProperty(McpServerTools.ACCEPTED)
    @JsonPropertyDescription("Accepted tool definitions: tool name to the SHA-256 of its definition as listed (status.tools[].sha256). A tool whose listed definition differs from its accepted one (or, without one, from the first definition the proxy saw) is hidden and its calls need approval until accepted here, e.g. with kubectl toolgate accept-tool.")
    private Map<String, String> accepted;

    @JsonProperty(McpServerTools.TRUST_ANNOTATIONS)
    @JsonPropertyDescription("Believe the upstream's tool annotations (readOnlyHint, destructiveHint, ...) when classifying its tools. Default false: only annotations that admit danger count, missing ones read as the MCP specification's worst case.")
    private Boolean trustAnnotations;

    @JsonProperty(McpServerTools.ON_CHANGE)
    @JsonPropertyDescription("What a call of a tool whose definition changed from its pin gets: require_approval (default) or deny.")
    private ToolChangeAction onChange;

    public Map<String, String> getAccepted() { return accepted; }
    public void setAccepted(Map<String, String> accepted) { this.accepted = accepted; }
    public Boolean getTrustAnnotations() { return trustAnnotations; }
    public void setTrustAnnotations(Boolean trustAnnotations) { this.trustAnnotations = trustAnnotations; }
    public ToolChangeAction getOnChange() { return onChange; }
    public void setOnChange(ToolChangeAction onChange) { this.onChange = onChange; }
}
