package dev.toolgate.operator.approvals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.operator.customresource.ToolCallApproval;
import dev.toolgate.operator.customresource.ToolCallApprovalSpec;
import dev.toolgate.operator.customresource.ToolCallApprovalStatus;

import java.time.Instant;

/**
 * A ToolCallApproval as the page reads it, the shape the proxy's admin API gives a record (docs/approval.md), plus
 * {@code namespace} and, while it is pending, the {@code actions} the page POSTs to. Every text here may be the agent's
 * (the preview is): the page renders it as text, never markup.
 */
final class ApprovalJson {
    private ApprovalJson() {
    }

    static ObjectNode of(ToolCallApproval approval, ApprovalState state) {
        String namespace = approval.getMetadata().getNamespace();
        String name = approval.getMetadata().getName();
        ToolCallApprovalSpec spec = approval.getSpec() == null ? new ToolCallApprovalSpec() : approval.getSpec();
        ToolCallApprovalStatus status = approval.getStatus() == null ? new ToolCallApprovalStatus() : approval.getStatus();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", ApprovalPaths.id(namespace, name));
        json.put("namespace", namespace);
        json.put("name", name);
        json.put("state", state.wire());
        json.put("mcpServer", spec.getMcpServer());
        json.put("tool", spec.getTool());
        json.put("identity", spec.getIdentity());
        var grants = json.putArray("grants");
        if (spec.getGrants() != null) {
            spec.getGrants().forEach(grants::add);
        }
        json.put("argumentsSha256", spec.getArgumentsSha256());
        json.put("preview", spec.getPreview());
        json.put("rule", spec.getRule());
        json.put("reason", spec.getReason());
        json.put("policyGeneration", spec.getPolicyGeneration());
        json.put("createdAt", approval.getMetadata().getCreationTimestamp());
        json.put("expiresAt", spec.getExpiresAt());
        json.put("decidedBy", status.getDecidedBy());
        json.put("decidedAt", status.getDecidedAt());
        json.put("decisionReason", status.getReason());
        json.put("url", ApprovalPaths.one(namespace, name));
        if (state == ApprovalState.PENDING) {
            json.putObject("actions")
                    .put("approve", ApprovalPaths.decision(namespace, name, true))
                    .put("deny", ApprovalPaths.decision(namespace, name, false));
        }
        return json;
    }

    /** Newest first: by creation time, then name, so equal times keep one order. */
    static int newestFirst(ToolCallApproval a, ToolCallApproval b) {
        int byTime = created(b).compareTo(created(a));
        return byTime != 0 ? byTime : ApprovalPaths.id(a.getMetadata().getNamespace(), a.getMetadata().getName())
                .compareTo(ApprovalPaths.id(b.getMetadata().getNamespace(), b.getMetadata().getName()));
    }

    private static Instant created(ToolCallApproval approval) {
        String at = approval.getMetadata().getCreationTimestamp();
        try {
            return at == null ? Instant.EPOCH : Instant.parse(at);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
