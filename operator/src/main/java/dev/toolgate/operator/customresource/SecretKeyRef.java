package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the McpServer's namespace. */
public class SecretKeyRef {
    @Required
    @JsonPropertyDescription("Name of the Secret.")
    private String name;

    @Required
    @JsonPropertyDescription("Key in the Secret's data.")
    private String key;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}
