package dev.toolgate.proxy.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Decision;

import java.util.Locale;

/**
 * The answer to a refused {@code tools/call}: a JSON-RPC <em>result</em> (not an error) holding a
 * {@code CallToolResult} with {@code isError: true}, so the model sees the text and can adapt:
 * <pre>{"content":[{"type":"text","text":"Denied by policy: &lt;reason&gt;"}],"isError":true,
 *  "_meta":{"dev.toolgate/decision":{"decision":"rate_limited","rule":"…","tool":"…","retryAfterSeconds":42}}}</pre>
 * {@code decision} is {@code deny}, {@code rate_limited} or {@code require_approval}; {@code retryAfterSeconds}
 * only for rate limits.
 */
public final class DenialResult {
    public static final String META_KEY = "dev.toolgate/decision";

    private DenialResult() {
    }

    public static ObjectNode response(JsonNode id, Decision decision) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode result = response.putObject("result");
        result.putArray("content").addObject().put("type", "text").put("text", text(decision));
        result.put("isError", true);
        ObjectNode meta = result.putObject("_meta").putObject(META_KEY);
        meta.put("decision", decision.outcome().name().toLowerCase(Locale.ROOT));
        meta.put("rule", decision.rule());
        meta.put("tool", decision.tool());
        if (decision.retryAfterSeconds() != null) {
            meta.put("retryAfterSeconds", decision.retryAfterSeconds());
        }
        return response;
    }

    static String text(Decision decision) {
        String reason = decision.reason().isBlank() ? "rule " + decision.rule() + " refuses " + decision.tool() : decision.reason();
        return "Denied by policy: " + reason;
    }
}
