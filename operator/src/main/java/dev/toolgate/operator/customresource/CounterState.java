package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** An Intercept counter a rule increments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"counter", "window", "scope", "increment", "increment_from"})
@ValidationRule(value = "!(has(self.increment) && has(self.increment_from))", message = "set increment or increment_from, not both")
public class CounterState {
    @Required
    @JsonPropertyDescription("Name of the counter, read by conditions as state.<tool>.<counter> (or state._global.<counter> on the \"*\" tool).")
    private String counter;

    @Required
    @JsonPropertyDescription("second, minute, hour, day (UTC calendar windows) or a number of seconds.")
    private IntOrString window;

    @JsonPropertyDescription("Who shares the counter: global, grant, identity or session. Default global.")
    private Scope scope;

    @JsonPropertyDescription("How much each allowed call adds. Default 1.")
    private Long increment;

    @JsonProperty("increment_from")
    @JsonPropertyDescription("Add the number at this argument path instead, e.g. args.amount.")
    private String incrementFrom;

    public String getCounter() { return counter; }
    public void setCounter(String counter) { this.counter = counter; }
    public IntOrString getWindow() { return window; }
    public void setWindow(IntOrString window) { this.window = window; }
    public Scope getScope() { return scope; }
    public void setScope(Scope scope) { this.scope = scope; }
    public Long getIncrement() { return increment; }
    public void setIncrement(Long increment) { this.increment = increment; }
    public String getIncrementFrom() { return incrementFrom; }
    public void setIncrementFrom(String incrementFrom) { this.incrementFrom = incrementFrom; }
}
