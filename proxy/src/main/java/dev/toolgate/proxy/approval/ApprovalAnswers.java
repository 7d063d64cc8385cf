package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.decide.DenialResult;

/**
 * What an agent reads about an approval, for every client: a tool result with {@code isError: true} (a model reads it
 * like any tool error), a text saying what to do, and {@code _meta["dev.toolgate/decision"]} for programs:
 * {@code {"decision":"approval_pending","id":…,"url":…,"rule":…,"tool":…,"expiresAt":…}}, or
 * {@code approval_denied} with the approver's {@code reason}.
 */
public final class ApprovalAnswers {
    public static final String PENDING = "approval_pending";
    public static final String DENIED = "approval_denied";

    private ApprovalAnswers() {
    }

    public static ObjectNode pending(JsonNode id, ApprovalRecord record, String url) {
        String text = "Approval required: a person must approve this call to \"" + record.request().tool() + "\" ("
                + record.reason() + "). Approval " + record.id() + " was requested at " + url
                + ". Retry the identical call (same tool, same arguments) later: once approved it runs; if denied, "
                + "the retry gets the reason.";
        ObjectNode response = result(id, text);
        ObjectNode meta = meta(response, PENDING, record);
        meta.put("url", url);
        meta.put("expiresAt", record.expiresAt().toString());
        return response;
    }

    public static ObjectNode denied(JsonNode id, ApprovalRecord record) {
        String why = record.decisionReason() == null || record.decisionReason().isBlank() ? "no reason given" : record.decisionReason();
        ObjectNode response = result(id, "Denied by the approver: " + why);
        meta(response, DENIED, record).put("reason", why);
        return response;
    }

    private static ObjectNode result(JsonNode id, String text) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode result = response.putObject("result");
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return response;
    }

    private static ObjectNode meta(ObjectNode response, String decision, ApprovalRecord record) {
        ObjectNode meta = ((ObjectNode) response.get("result")).putObject("_meta").putObject(DenialResult.META_KEY);
        meta.put("decision", decision);
        meta.put("id", record.id());
        meta.put("rule", record.rule());
        meta.put("tool", record.request().tool());
        return meta;
    }
}
