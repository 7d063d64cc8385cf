package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The upstream MCP server: exactly one of url and sidecar. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.url) != has(self.sidecar)", message = "set exactly one of upstream.url and upstream.sidecar")
public class Upstream {
    @Pattern("^https?://.+")
    @JsonPropertyDescription("URL of the upstream MCP Streamable HTTP endpoint, e.g. http://conductor-mcp.tools.svc:8080/mcp.")
    private String url;

    @JsonPropertyDescription("An upstream MCP server image run as a second container in each proxy pod; the proxy reaches it on localhost.")
    private Sidecar sidecar;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public Sidecar getSidecar() { return sidecar; }
    public void setSidecar(Sidecar sidecar) { this.sidecar = sidecar; }
}
