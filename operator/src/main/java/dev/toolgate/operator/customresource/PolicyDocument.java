package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * A Toolgate policy document as users write it: PolicyLayer's policy.json fields and Intercept's policy.yaml fields,
 * unchanged, so a policy is pasted under a ToolPolicy's spec as it is. The policy language (dev.toolgate.policy)
 * validates and compiles it; the CRD schema only refuses what is obviously wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "description", "default", "hide", "tools", "grants", "classes"})
public class PolicyDocument {
    @JsonPropertyDescription("Policy format version; \"1\".")
    private String version;

    @JsonPropertyDescription("What the policy is for (Intercept).")
    private String description;

    @JsonProperty("default")
    @JsonPropertyDescription("What happens to a tool no entry in tools names (exactly or by a glob other than \"*\"): allow, or deny (rejected before any wildcard rule runs). Default allow.")
    private DefaultAction defaultAction;

    @JsonPropertyDescription("Tools removed from tools/list and refused when called, e.g. [delete_workflow].")
    private List<String> hide;

    @JsonPropertyDescription("Per-tool policy keyed by tool name, a glob such as github_* or \"*\" for every tool. Every entry whose name or glob matches a call applies, and all of its rules and limits must pass.")
    private Map<String, ToolEntry> tools;

    @JsonPropertyDescription("Toolgate: who may call which tools. Without grants, every caller may call what tools allows. With grants, a call goes through only if an entry for the caller lists the tool AND the tool's own entry allows it (any deny wins). The most specific subject with an entry listing the tool admits the call: identity or serviceAccount <ns>/<name>, then serviceAccount <ns>/*, then grants in the order the caller holds them; that entry's limits apply with the tool's, and a grant that admitted the call keys scope: grant counters. One entry per subject. Several ToolPolicies on one McpServer: their entries add up.")
    private List<GrantEntry> grants;

    @JsonPropertyDescription("Policy by risk class (read, write, execute, destructive, financial) or risk level (low, medium, high, critical), e.g. {destructive: {action: require_approval}}. Applies to a tool no entry in tools names exactly (a named tool always wins over its class); the proxy classifies each tool from its listed definition, and a tool it has not seen listed counts as destructive/critical. See docs/risk.md.")
    private Map<String, ClassEntry> classes;

    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public DefaultAction getDefaultAction() { return defaultAction; }
    public void setDefaultAction(DefaultAction defaultAction) { this.defaultAction = defaultAction; }
    public List<String> getHide() { return hide; }
    public void setHide(List<String> hide) { this.hide = hide; }
    public Map<String, ToolEntry> getTools() { return tools; }
    public void setTools(Map<String, ToolEntry> tools) { this.tools = tools; }
    public List<GrantEntry> getGrants() { return grants; }
    public void setGrants(List<GrantEntry> grants) { this.grants = grants; }
    public Map<String, ClassEntry> getClasses() { return classes; }
    public void setClasses(Map<String, ClassEntry> classes) { this.classes = classes; }
}
