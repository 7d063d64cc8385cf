package dev.toolgate.policy.fuzz;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * A few calls that reach a policy's rules: each entry's tool (a glob's stars made letters), a hidden name and an
 * unlisted one, each with no arguments and with the arguments its conditions name set to the values they compare with.
 */
final class SampleCalls {
    private static final String ARGS = "args.";
    private static final Caller CALLER = new Caller("fuzz", "fuzz", "fuzz");

    private SampleCalls() {
    }

    static List<ToolCall> of(Policy policy) {
        List<String> tools = new ArrayList<>(List.of("unlisted_tool"));
        policy.hide().forEach(name -> tools.add(name.replace('*', 'x')));
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        for (ToolEntry entry : policy.tools()) {
            tools.add(entry.isWildcard() ? "any_tool" : entry.name().replace('*', 'x'));
            for (Rule rule : entry.rules()) {
                for (Condition condition : rule.conditions()) {
                    if (condition.path().startsWith(ARGS)) {
                        arguments.set(condition.path().substring(ARGS.length()), condition.value());
                    }
                }
            }
        }
        List<ToolCall> calls = new ArrayList<>();
        for (String tool : tools) {
            calls.add(new ToolCall(tool, null, CALLER));
            calls.add(new ToolCall(tool, arguments, CALLER));
        }
        return calls;
    }
}
