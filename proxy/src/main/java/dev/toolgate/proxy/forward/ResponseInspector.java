package dev.toolgate.proxy.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.decide.PendingCalls;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.jsonrpc.JsonRpcErrors;
import dev.toolgate.proxy.jsonrpc.JsonRpcMessage;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.transport.Replies;
import dev.toolgate.proxy.transport.UnreadableResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Looks at each JSON-RPC message coming back from the upstream (a JSON body or one SSE event): answers to allowed
 * calls settle their reservation, {@code tools/list} results are filtered, and the answers to the forwarded requests
 * are checked off so the relay knows when the exchange is complete. Text that cannot hold any of these is not
 * parsed, and what is not changed goes out as the upstream sent it. Used from one event loop only.
 */
public final class ResponseInspector {
    /** What replaces a message that may hold a tools/list result but cannot be read. */
    private static final String UNREADABLE = new String(Replies.serialize(JsonRpcErrors.error(null,
            JsonRpcErrors.INTERNAL_ERROR, "Upstream MCP server unavailable: " + UnreadableResponse.BROKEN)), StandardCharsets.UTF_8);
    private final ToolsListFilter filter;
    private final PendingCalls pending;
    /** Id keys of the forwarded requests not answered yet. */
    private final Set<String> unanswered;
    private final boolean awaitsAnswers;

    /**
     * @param requestIdKeys the {@link JsonRpcMessage#idKey}s of the requests forwarded upstream (a POST's), whose
     *                      answers complete the exchange; none for a GET stream, which the upstream ends when it likes
     */
    public ResponseInspector(ToolsListFilter filter, PendingCalls pending, Collection<String> requestIdKeys) {
        this.filter = filter;
        this.pending = pending;
        this.unanswered = new HashSet<>(requestIdKeys);
        this.awaitsAnswers = !unanswered.isEmpty();
    }

    public PendingCalls pending() {
        return pending;
    }

    /** True once every forwarded request has its answer: an MCP server ends a POST's stream right after that. */
    public boolean answeredAll() {
        return awaitsAnswers && unanswered.isEmpty();
    }

    /**
     * Inspects the text of one message (or batch) as it came: what may be a {@code tools/list} result is parsed whole
     * and filtered; anything else is only scanned for the ids of answers and whether each is a result or an error,
     * which is all that settling a call needs, without building a tree. Returns the rewritten text, or null when the
     * text goes out unchanged. Text that may be a {@code tools/list} result but is not one JSON value is replaced by
     * a JSON-RPC error.
     */
    public String inspectText(String text, int upstreamStatus) {
        if (ToolsListFilter.mightBeToolsList(text)) {
            JsonNode tree = parse(text);
            if (tree == null) {
                // what may be a tools/list result but cannot be read is not passed on unfiltered
                return UNREADABLE;
            }
            return inspect(tree, upstreamStatus) ? new String(Replies.serialize(tree), StandardCharsets.UTF_8) : null;
        }
        if (!unanswered.isEmpty()) {
            AnswerScan.forEach(text, (id, succeeded) -> answered(id, succeeded, upstreamStatus));
        }
        return null;
    }

    /** Parses {@code text} and inspects it; null when it is not JSON (it then goes out unchanged). */
    public JsonNode parse(String text) {
        try {
            return JsonRpcParser.SINGLE_VALUE.readTree(text);
        } catch (IOException | NumberFormatException e) {
            // NumberFormatException: a number that has no exact reading (an exponent past what BigDecimal holds)
            return null;
        }
    }

    /** Inspects a message or a batch of messages in place; true when the tree was changed. */
    public boolean inspect(JsonNode tree, int upstreamStatus) {
        if (tree == null) {
            return false;
        }
        if (tree.isArray()) {
            boolean changed = false;
            for (JsonNode message : tree) {
                changed |= inspectMessage(message, upstreamStatus);
            }
            return changed;
        }
        return inspectMessage(tree, upstreamStatus);
    }

    private boolean inspectMessage(JsonNode message, int upstreamStatus) {
        if (!message.isObject()) {
            return false;
        }
        JsonNode id = message.get("id");
        if (id != null && (message.has("result") || message.has("error"))
                && answered(id, message.has("result") && !message.has("error"), upstreamStatus)) {
            return false;
        }
        return filter.filter(message);
    }

    /** Checks off the answer to a forwarded request; true when it settled an allowed call (left unfiltered). */
    private boolean answered(JsonNode id, boolean succeeded, int upstreamStatus) {
        String key = JsonRpcMessage.idKey(id);
        unanswered.remove(key);
        return pending.settle(key, succeeded, upstreamStatus);
    }
}
