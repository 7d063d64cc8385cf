package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Toolgate policy (PolicyLayer policy.json and Intercept policy.yaml fields, as written) for one McpServer. */
@Group(McpServer.GROUP)
@Version(McpServer.VERSION)
@Kind("ToolPolicy")
@Plural("toolpolicies")
@ShortNames("tp")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Default", jsonPath = ".spec.default", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tools", jsonPath = ".status.toolsCovered", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ToolPolicy extends CustomResource<ToolPolicySpec, ToolPolicyStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("A Toolgate policy as PolicyLayer (policy.json) and Intercept (policy.yaml) users write it, plus targetRef naming the McpServer that enforces it: paste a policy here as it is.")
    public ToolPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Whether the policy is accepted, and the last accepted policy, which stays in force while a newer version is invalid.")
    public ToolPolicyStatus getStatus() {
        return super.getStatus();
    }
}
