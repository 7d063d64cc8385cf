package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the McpServer's namespace. */
public class SecretRef {
    @Required
    @JsonPropertyDescription("Name of the Secret.")
    private String name;

    public SecretRef() {
    }

    public SecretRef(String name) {
        this.name = name;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
