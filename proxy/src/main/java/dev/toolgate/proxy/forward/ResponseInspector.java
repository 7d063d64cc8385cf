package dev.toolgate.proxy.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.decide.PendingCalls;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import dev.toolgate.proxy.transport.Replies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Looks at each JSON-RPC message coming back from the upstream (a JSON body or one SSE event): answers to allowed
 * calls settle their reservation, {@code tools/list} results are filtered. Text that cannot hold either is not
 * parsed, and what is not changed goes out as the upstream sent it.
 */
public final class ResponseInspector {
    private final ToolsListFilter filter;
    private final PendingCalls pending;

    public ResponseInspector(ToolsListFilter filter, PendingCalls pending) {
        this.filter = filter;
        this.pending = pending;
    }

    public PendingCalls pending() {
        return pending;
    }

    /**
     * Inspects the text of one message (or batch) as it came: what may be a {@code tools/list} result is parsed whole
     * and filtered; anything else is only scanned for the ids of answers and whether each is a result or an error,
     * which is all that settling a call needs, without building a tree. Returns the rewritten text, or null when the
     * text goes out unchanged (also when it is not JSON).
     */
    public String inspectText(String text, int upstreamStatus) {
        if (ToolsListFilter.mightBeToolsList(text)) {
            JsonNode tree = parse(text);
            return inspect(tree, upstreamStatus) ? new String(Replies.serialize(tree), StandardCharsets.UTF_8) : null;
        }
        if (!pending.isEmpty()) {
            AnswerScan.forEach(text, (id, succeeded) -> {
                if (pending.awaits(id)) {
                    pending.settle(id, succeeded, upstreamStatus);
                }
            });
        }
        return null;
    }

    /** Parses {@code text} and inspects it; null when it is not JSON (it then goes out unchanged). */
    public JsonNode parse(String text) {
        try {
            return JsonRpcParser.MAPPER.readTree(text);
        } catch (IOException e) {
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
        if (pending.awaits(message.get("id")) && (message.has("result") || message.has("error"))) {
            pending.settle(message.get("id"), message.has("result") && !message.has("error"), upstreamStatus);
            return false;
        }
        return filter.filter(message);
    }
}
