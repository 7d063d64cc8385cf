package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.toolgate.contract.McpServerTools;

import java.util.List;

/** One entry of {@code status.tools}, written by the proxy (see {@link McpServerTools}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({McpServerTools.NAME, McpServerTools.CLASS, McpServerTools.RISK, McpServerTools.CONFIDENCE,
        McpServerTools.SIGNALS, McpServerTools.SHA256, McpServerTools.CHANGED})
public class ToolStatus {
    @JsonProperty(McpServerTools.NAME)
    @JsonPropertyDescription("The tool's name.")
    private String name;

    @JsonProperty(McpServerTools.CLASS)
    @JsonPropertyDescription("Its risk class: read, write, execute, destructive or financial (docs/risk.md).")
    private String riskClass;

    @JsonProperty(McpServerTools.RISK)
    @JsonPropertyDescription("Its risk level: low, medium, high or critical.")
    private String risk;

    @JsonProperty(McpServerTools.CONFIDENCE)
    @JsonPropertyDescription("How sure the classification is: low, medium or high.")
    private String confidence;

    @JsonProperty(McpServerTools.SIGNALS)
    @JsonPropertyDescription("Why: the signals the classifier read in the definition.")
    private List<String> signals;

    @JsonProperty(McpServerTools.SHA256)
    @JsonPropertyDescription("SHA-256 of the definition as listed (canonical JSON of name, description, schemas, annotations); accept it in spec.tools.accepted.")
    private String sha256;

    @JsonProperty(McpServerTools.CHANGED)
    @JsonPropertyDescription("What differs from the pinned definition (description, inputSchema, annotations, other); absent when it matches. Calls need approval until accepted.")
    private List<String> changed;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRiskClass() { return riskClass; }
    public void setRiskClass(String riskClass) { this.riskClass = riskClass; }
    public String getRisk() { return risk; }
    public void setRisk(String risk) { this.risk = risk; }
    public String getConfidence() { return confidence; }
    public void setConfidence(String confidence) { this.confidence = confidence; }
    public List<String> getSignals() { return signals; }
    public void setSignals(List<String> signals) { this.signals = signals; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public List<String> getChanged() { return changed; }
    public void setChanged(List<String> changed) { this.changed = changed; }
}
