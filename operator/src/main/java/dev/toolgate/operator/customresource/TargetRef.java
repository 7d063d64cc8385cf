package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The McpServer a ToolPolicy applies to. */
public class TargetRef {
    @Required
    @JsonPropertyDescription("Name of an McpServer in the ToolPolicy's namespace.")
    private String name;

    public TargetRef() {
    }

    public TargetRef(String name) {
        this.name = name;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
