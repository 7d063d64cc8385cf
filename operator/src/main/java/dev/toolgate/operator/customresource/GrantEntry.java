package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** One entry of a policy's grants: a subject (identity, grant or serviceAccount), the tools it may call, its limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"identity", "grant", "serviceAccount", "description", "tools", "limits"})
@ValidationRule(value = "(has(self.identity) ? 1 : 0) + (has(self.grant) ? 1 : 0) + (has(self.serviceAccount) ? 1 : 0) == 1",
        message = "a grants entry has exactly one subject: identity, grant or serviceAccount")
public class GrantEntry {
    @JsonPropertyDescription("Subject: one caller, by the identity the proxy authenticates (an API key's identity, a JWT subject, or system:serviceaccount:<namespace>:<name>).")
    private String identity;

    @JsonPropertyDescription("Subject: every caller holding this grant (an API key's grant, a value of the JWT grants claim, a ServiceAccount's group).")
    private String grant;

    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/(\\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$")
    @JsonPropertyDescription("Subject: Kubernetes ServiceAccounts calling with their token: <namespace>/<name>, or <namespace>/* for every ServiceAccount of the namespace.")
    private String serviceAccount;

    @JsonPropertyDescription("Why the subject has these tools, for the people reading the policy.")
    private String description;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("Tools the subject may call: names, globs such as get_*, or \"*\" for every tool. The tool's own entry under tools still applies (its rules and limits, any deny).")
    private List<String> tools;

    @JsonPropertyDescription("Limits on the calls this entry admits, in the syntax of a tool's limits, e.g. {counter: runs, window: hour, max: 100, scope: identity}. They apply together with the tool's own limits.")
    private List<Limit> limits;

    public String getIdentity() { return identity; }
    public void setIdentity(String identity) { this.identity = identity; }
    public String getGrant() { return grant; }
    public void setGrant(String grant) { this.grant = grant; }
    public String getServiceAccount() { return serviceAccount; }
    public void setServiceAccount(String serviceAccount) { this.serviceAccount = serviceAccount; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public List<String> getTools() { return tools; }
    public void setTools(List<String> tools) { this.tools = tools; }
    public List<Limit> getLimits() { return limits; }
    public void setLimits(List<Limit> limits) { this.limits = limits; }
}
