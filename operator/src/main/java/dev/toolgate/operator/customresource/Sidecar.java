package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;

/** An upstream MCP server run next to the proxy in the same pod. */
@io.fabric8.generator.annotation.ValidationRule(value = "self.port != 8080 && self.port != 9090", message = "ports 8080 and 9090 are the proxy's; run the upstream on another port")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Sidecar {
    @Required
    @JsonPropertyDescription("Image of the upstream MCP server.")
    private String image;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port the upstream MCP server listens on inside the pod (it must not be 8080 or 9090, the proxy's ports).")
    private Integer port;

    @Pattern("^/.*")
    @JsonPropertyDescription("HTTP path of the upstream's MCP endpoint. Default /mcp.")
    private String path;

    @JsonPropertyDescription("Arguments of the upstream container.")
    private List<String> args;

    @JsonPropertyDescription("Environment variables of the upstream container.")
    private List<EnvVar> env;

    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public List<String> getArgs() { return args; }
    public void setArgs(List<String> args) { this.args = args; }
    public List<EnvVar> getEnv() { return env; }
    public void setEnv(List<EnvVar> env) { this.env = env; }
}
