package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Where the upstream MCP server is and how its Toolgate proxy runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpServerSpec {
    @Required
    @JsonPropertyDescription("The MCP server the proxy forwards allowed calls to: a URL, or an image run as a sidecar in the proxy pod.")
    private Upstream upstream;

    @Min(0)
    @JsonPropertyDescription("Number of proxy pods. Default 1.")
    private Integer replicas;

    @JsonPropertyDescription("Proxy image overriding the operator's default (its TOOLGATE_PROXY_IMAGE).")
    private String image;

    @JsonPropertyDescription("CPU and memory requests and limits of the proxy container.")
    private ResourceRequirements resources;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port of the Service agents connect to (MCP at /mcp). Default 8080.")
    private Integer servicePort;

    @JsonPropertyDescription("Secret in this namespace whose key api-keys.yaml maps bearer tokens to identities and grants; without it callers are anonymous.")
    private SecretRef apiKeysSecretRef;

    @JsonPropertyDescription("Counters shared by every proxy pod and kept across restarts (Redis); without it each pod counts in memory.")
    private Counters counters;

    @JsonPropertyDescription("The upstream's tools: accepted definitions (pins), whether its annotations are trusted, and what a changed tool gets. The proxy records what it sees in status.tools.")
    private ToolsSpec tools;

    @JsonPropertyDescription("Bearer tokens accepted besides API keys (OAuth 2.1 JWTs, ServiceAccount tokens) and the proxy's own credential for the upstream.")
    private Auth auth;

    @JsonPropertyDescription("How calls that need a person's approval are answered (MCP 2026-07-28 retries' wait).")
    private Approval approval;

    public Upstream getUpstream() { return upstream; }
    public void setUpstream(Upstream upstream) { this.upstream = upstream; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public Integer getServicePort() { return servicePort; }
    public void setServicePort(Integer servicePort) { this.servicePort = servicePort; }
    public SecretRef getApiKeysSecretRef() { return apiKeysSecretRef; }
    public void setApiKeysSecretRef(SecretRef apiKeysSecretRef) { this.apiKeysSecretRef = apiKeysSecretRef; }
    public Counters getCounters() { return counters; }
    public void setCounters(Counters counters) { this.counters = counters; }
    public ToolsSpec getTools() { return tools; }
    public void setTools(ToolsSpec tools) { this.tools = tools; }
    public Auth getAuth() { return auth; }
    public void setAuth(Auth auth) { this.auth = auth; }
    public Approval getApproval() { return approval; }
    public void setApproval(Approval approval) { this.approval = approval; }
}
