package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The policy for one tool name or glob: PolicyLayer's action/reason/limits and Intercept's rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"description", "action", "reason", "limits", "rate_limit", "rules"})
public class ToolEntry {
    @JsonPropertyDescription("A comment for people: why the entry is what it is (toolgate scan writes one per tool). Not enforced.")
    private String description;

    @JsonPropertyDescription("PolicyLayer: allow, deny (the agent sees reason) or require_approval for every call of the tool.")
    private ToolAction action;

    @JsonPropertyDescription("PolicyLayer: why the tool is denied; shown to the agent as \"Denied by policy: <reason>\".")
    private String reason;

    @JsonPropertyDescription("PolicyLayer: rate limits; each must have room for the call, e.g. {counter: run_workflow_rate, window: minute, max: 10, scope: grant}.")
    private List<Limit> limits;

    @JsonProperty("rate_limit")
    @PreserveUnknownFields
    @JsonPropertyDescription("PolicyLayer: a rate limit on the tool, \"10/minute\" or {max: 10, window: 60, scope: grant, reason: ...}; window is second, minute, hour, day or seconds.")
    private JsonNode rateLimit;

    @JsonPropertyDescription("Intercept: rules evaluated in order; every rule must pass for the call to go through.")
    private List<Rule> rules;

    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public ToolAction getAction() { return action; }
    public void setAction(ToolAction action) { this.action = action; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public List<Limit> getLimits() { return limits; }
    public void setLimits(List<Limit> limits) { this.limits = limits; }
    public JsonNode getRateLimit() { return rateLimit; }
    public void setRateLimit(JsonNode rateLimit) { this.rateLimit = rateLimit; }
    public List<Rule> getRules() { return rules; }
    public void setRules(List<Rule> rules) { this.rules = rules; }
}
