package dev.toolgate.proxy.forward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.proxy.decide.PendingCalls;
import dev.toolgate.proxy.filter.ToolsListFilter;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;

import java.io.IOException;

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

    public boolean worthParsing(String text) {
        return !pending.isEmpty() || ToolsListFilter.mightBeToolsList(text);
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
            pending.settle(message, upstreamStatus);
            return false;
        }
        return filter.filter(message);
    }
}
