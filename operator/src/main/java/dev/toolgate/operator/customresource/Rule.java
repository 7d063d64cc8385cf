package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** An Intercept rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "action", "conditions", "on_deny", "reason", "rate_limit", "state"})
// No CEL rule for "rate_limit cannot be combined with conditions": rate_limit is schemaless (a string or an object),
// which the API server's CEL cannot see, so it refuses the whole CRD; the operator's validator reports it instead.
@ValidationRule(value = "!(has(self.action) && self.action == 'deny' && has(self.conditions))", message = "a deny rule takes no conditions; use action evaluate with conditions")
public class Rule {
    @Required
    @JsonPropertyDescription("Name of the rule; the proxy reports it with each denial. Merged policies prefix it with the ToolPolicy name and a slash.")
    private String name;

    @JsonPropertyDescription("evaluate (conditions must hold), deny (always refuse) or require_approval. Default evaluate.")
    private RuleAction action;

    @JsonPropertyDescription("All must hold for the rule to pass, e.g. {path: args.amount, op: lte, value: 100} or {path: state.run_workflow.daily, op: lt, value: 50}.")
    private List<RuleCondition> conditions;

    @JsonProperty("on_deny")
    @JsonPropertyDescription("Message shown to the agent when the rule refuses a call.")
    private String onDeny;

    @JsonPropertyDescription("Same as on_deny (PolicyLayer's spelling); set one of them.")
    private String reason;

    @JsonProperty("rate_limit")
    @PreserveUnknownFields
    @JsonPropertyDescription("Shorthand for a counter and its condition: \"N/second|minute|hour|day\" such as \"5/hour\", or {max: 5, window: 3600, scope: identity}. Not with conditions or state.")
    private JsonNode rateLimit;

    @JsonPropertyDescription("The counter this rule increments when the call is allowed and the upstream answers.")
    private CounterState state;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public RuleAction getAction() { return action; }
    public void setAction(RuleAction action) { this.action = action; }
    public List<RuleCondition> getConditions() { return conditions; }
    public void setConditions(List<RuleCondition> conditions) { this.conditions = conditions; }
    public String getOnDeny() { return onDeny; }
    public void setOnDeny(String onDeny) { this.onDeny = onDeny; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public JsonNode getRateLimit() { return rateLimit; }
    public void setRateLimit(JsonNode rateLimit) { this.rateLimit = rateLimit; }
    public CounterState getState() { return state; }
    public void setState(CounterState state) { this.state = state; }
}
