package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

/** A PolicyLayer rate limit: at most max calls per window, counted per scope. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"counter", "window", "max", "scope"})
public class Limit {
    @JsonPropertyDescription("Name of the counter; limits and conditions naming the same counter share it.")
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

    public String getCounter() { return counter; }
    public void setCounter(String counter) { this.counter = counter; }
    public IntOrString getWindow() { return window; }
    public void setWindow(IntOrString window) { this.window = window; }
    public Long getMax() { return max; }
    public void setMax(Long max) { this.max = max; }
    public Scope getScope() { return scope; }
    public void setScope(Scope scope) { this.scope = scope; }
}
