package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Locale;

/**
 * A record as the admin API shows it (the CLI and the page read this), with {@code actions} (the paths that approve
 * and deny it) while it is pending.
 */
final class ApprovalJson {
    private ApprovalJson() {
    }

    static ObjectNode of(ApprovalRecord record, ApprovalLinks links) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ApprovalRequest request = record.request();
        json.put("id", record.id());
        json.put("state", record.state().name().toLowerCase(Locale.ROOT));
        json.put("mcpServer", request.mcpServer());
        json.put("tool", request.tool());
        json.put("identity", request.identity());
        request.grants().forEach(json.putArray("grants")::add);
        json.put("argumentsSha256", request.argumentsSha256());
        json.put("preview", record.preview());
        json.put("rule", record.rule());
        json.put("reason", record.reason());
        json.put("policyGeneration", record.policyGeneration());
        json.put("createdAt", text(record.createdAt()));
        json.put("expiresAt", text(record.expiresAt()));
        json.put("decidedBy", record.decidedBy());
        json.put("decidedAt", text(record.decidedAt()));
        json.put("decisionReason", record.decisionReason());
        json.put("url", links.of(record.id()));
        if (record.state() == ApprovalState.PENDING) {
            // only while a person can still decide; the page posts to exactly these paths
            json.putObject("actions")
                    .put(ApprovalLinks.APPROVE, ApprovalLinks.action(record.id(), ApprovalLinks.APPROVE))
                    .put(ApprovalLinks.DENY, ApprovalLinks.action(record.id(), ApprovalLinks.DENY));
        }
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
