package dev.toolgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One {@code tools/call} to decide: the tool's name, its arguments as sent, and the caller.
 *
 * @param tool      the tool name from {@code params.name}
 * @param arguments {@code params.arguments}; an empty object when the call has none
 * @param caller    identity, grant and session of the caller
 */
public record ToolCall(String tool, JsonNode arguments, Caller caller) {
    public ToolCall {
        arguments = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        caller = caller == null ? Caller.ANONYMOUS : caller;
    }
}
