package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.proxy.decide.DenialResult;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;

/**
 * The MCP-native approval answers, for clients that declared URL elicitation (MCP spec names throughout):
 * <ul>
 *   <li>2025-11-25: the {@code -32042} URL-elicitation-required error, {@code data.elicitations} holding one URL-mode
 *       elicitation whose {@code elicitationId} is the approval's id; when the approval is decided the session's
 *       stream gets {@code notifications/elicitation/complete} with that id;</li>
 *   <li>2026-07-28: an {@code InputRequiredResult} ({@code resultType: input_required}) with one URL-mode
 *       {@code elicitation/create} under {@value #INPUT_KEY} in {@code inputRequests}, and the proxy's
 *       {@code requestState}.</li>
 * </ul>
 * Both also carry the {@code _meta["dev.toolgate/decision"]} object every client gets ({@link ApprovalAnswers}).
 */
public final class NativeAnswers {
    /** MCP 2025-11-25 URLElicitationRequiredError. */
    public static final int URL_ELICITATION_REQUIRED = -32042;
    /** The key of the proxy's elicitation in {@code inputRequests} (and so in the retry's {@code inputResponses}). */
    public static final String INPUT_KEY = "dev.toolgate/approval";
    public static final String ELICITATION_COMPLETE = "notifications/elicitation/complete";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NativeAnswers() {
    }

    /** The 2025-11-25 error for a pending approval. */
    public static ObjectNode urlElicitationRequired(JsonNode id, ApprovalRecord record, String url) {
        ObjectNode response = JsonRpcErrors.error(id, URL_ELICITATION_REQUIRED,
                "URL elicitation required: a person must approve this call to \"" + record.request().tool() + "\"");
        ObjectNode data = ((ObjectNode) response.get("error")).putObject("data");
        ObjectNode elicitation = data.putArray("elicitations").addObject();
        elicitation.put("mode", "url");
        elicitation.put("elicitationId", record.id());
        elicitation.put("url", url);
        elicitation.put("message", message(record));
        data.set(DenialResult.META_KEY, decision(record, url));
        return response;
    }

    /** The 2026-07-28 result for a pending approval; the retry echoes {@code requestState}. */
    public static ObjectNode inputRequired(JsonNode id, ApprovalRecord record, String url, String requestState) {
        ObjectNode response = NODES.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode result = response.putObject("result");
        result.put("resultType", "input_required");
        ObjectNode request = result.putObject("inputRequests").putObject(INPUT_KEY);
        request.put("method", "elicitation/create");
        ObjectNode params = request.putObject("params");
        params.put("mode", "url");
        params.put("message", message(record));
        params.put("url", url);
        result.put("requestState", requestState);
        result.putObject("_meta").set(DenialResult.META_KEY, decision(record, url));
        return response;
    }

    /** A 2026-07-28 client's copy of a tool-result answer: the same, marked {@code resultType: complete}. */
    public static ObjectNode complete(ObjectNode answer) {
        if (answer.get("result") instanceof ObjectNode result) {
            result.put("resultType", "complete");
        }
        return answer;
    }

    /** The notification a 2025-11-25 session gets once the approval {@code id} is decided. */
    public static String elicitationComplete(String id) {
        ObjectNode notification = NODES.objectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", ELICITATION_COMPLETE);
        notification.putObject("params").put("elicitationId", id);
        return notification.toString();
    }

    private static String message(ApprovalRecord record) {
        return "A person must approve this call to \"" + record.request().tool() + "\" (" + record.reason()
                + "). Open the link to follow approval " + record.id() + "; once it is approved the call runs.";
    }

    private static ObjectNode decision(ApprovalRecord record, String url) {
        ObjectNode meta = NODES.objectNode();
        meta.put("decision", ApprovalAnswers.PENDING);
        meta.put("id", record.id());
        meta.put("rule", record.rule());
        meta.put("tool", record.request().tool());
        meta.put("url", url);
        meta.put("expiresAt", record.expiresAt().toString());
        return meta;
    }
}
