package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/** A PolicyLayer rate limit: at most max calls per window, counted per scope. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"counter", "window", "max", "scope", "increment", "increment_from", "reason"})
public class Limit {
    @Required
    @JsonPropertyDescription("Name of the counter, readable by conditions as state.<tool>.<counter>.")
    private String counter;

    @Required
    @JsonPropertyDescription("second, minute, hour, day (UTC calendar windows) or a number of seconds, e.g. 60.")
    private IntOrString window;

    @Required
    @Min(0)
    @JsonPropertyDescription("Calls allowed per window.")
    private Long max;

    @JsonPropertyDescription("Who shares the counter: global, grant, identity or session. Default global.")
    private Scope scope;

    @Min(1)
    @JsonPropertyDescription("How much each allowed call adds. Default 1.")
    private Long increment;

    @JsonProperty("increment_from")
    @JsonPropertyDescription("Add the number at this argument path instead, e.g. args.amount.")
    private String incrementFrom;

    @JsonPropertyDescription("Shown to the agent when the limit is reached.")
    private String reason;

    public Long getIncrement() { return increment; }
    public void setIncrement(Long increment) { this.increment = increment; }
    public String getIncrementFrom() { return incrementFrom; }
    public void setIncrementFrom(String incrementFrom) { this.incrementFrom = incrementFrom; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getCounter() { return counter; }
    public void setCounter(String counter) { this.counter = counter; }
    public IntOrString getWindow() { return window; }
    public void setWindow(IntOrString window) { this.window = window; }
    public Long getMax() { return max; }
    public void setMax(Long max) { this.max = max; }
    public Scope getScope() { return scope; }
    public void setScope(Scope scope) { this.scope = scope; }
}
