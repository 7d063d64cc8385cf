package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.policy.risk.Classification;

/**
 * One {@code tools/call} to decide: the tool's name, its arguments as sent, and the caller.
 *
 * @param tool      the tool name from {@code params.name}
 * @param arguments {@code params.arguments}; an empty object when the call has none
 * @param caller         identity, grant and session of the caller
 * @param classification the tool's risk class and level as the proxy classified its listed definition, for
 *                       {@code classes:} entries; null when the tool has not been seen listed (then read as the worst
 *                       case, {@link Classification#unseen})
 */
public record ToolCall(String tool, JsonNode arguments, Caller caller, Classification classification) {
    public ToolCall {
        arguments = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        caller = caller == null ? Caller.ANONYMOUS : caller;
    }

    /** A call of a tool whose classification is not known. */
    public ToolCall(String tool, JsonNode arguments, Caller caller) {
        this(tool, arguments, caller, null);
    }
}
