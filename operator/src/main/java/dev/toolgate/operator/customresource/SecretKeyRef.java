package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the McpServer's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
    @Required
    @JsonPropertyDescription("Name of the Secret.")
    private String name;

    @JsonPropertyDescription("Key in the Secret.")
    private String key;

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }

    /** The key, or {@code fallback} when none is given. */
    public String keyOr(String fallback) {
        return key == null || key.isBlank() ? fallback : key;
    }
}
