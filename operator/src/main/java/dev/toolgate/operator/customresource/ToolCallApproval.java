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

/**
 * One tool call waiting for a person (#19): created by the proxy, owned by its McpServer; a person approves or denies
 * it by writing its status ({@code kubectl toolgate approve|deny NAME}). Who may is RBAC on
 * {@code toolcallapprovals/status}; that the approver is not the requester, and is who {@code status.decidedBy} names,
 * is checked by the API server (the chart's ValidatingAdmissionPolicy) and again by the proxy.
 */
@Group(McpServer.GROUP)
@Version(McpServer.VERSION)
@Kind("ToolCallApproval")
@Plural("toolcallapprovals")
@ShortNames("tca")
@AdditionalPrinterColumn(name = "Tool", jsonPath = ".spec.tool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Identity", jsonPath = ".spec.identity", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ToolCallApproval extends CustomResource<ToolCallApprovalSpec, ToolCallApprovalStatus> implements Namespaced {
    public static final String PLURAL = "toolcallapprovals";

    @Override
    @JsonPropertyDescription("Exactly which call waits for approval; written by the proxy, never changed.")
    public ToolCallApprovalSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The decision: a person sets state Approved or Denied with decidedBy (their user name) and a reason; the proxy sets Pending, Consumed and Expired.")
    public ToolCallApprovalStatus getStatus() {
        return super.getStatus();
    }
}
