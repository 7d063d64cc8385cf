package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The policy for a risk class or risk level: a tool entry, plus the tools a person puts in that class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"tools", "description", "action", "reason", "limits", "rate_limit", "rules"})
public class ClassEntry extends ToolEntry {
    @JsonPropertyDescription("Tools put in this class (or risk level) whatever the classifier reads in their definitions: a person's override, e.g. [run_report].")
    private List<String> tools;

    public List<String> getTools() { return tools; }
    public void setTools(List<String> tools) { this.tools = tools; }
}
