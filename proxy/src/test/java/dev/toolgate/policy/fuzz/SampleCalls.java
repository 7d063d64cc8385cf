package dev.toolgate.policy.fuzz;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.Subject;
import dev.toolgate.policy.model.ToolEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * A few calls that reach a policy's rules: each entry's tool (a glob's stars made letters), a hidden name and an
 * unlisted one, each with no arguments and with the arguments its conditions name set to the values they compare with;
 * by a caller no grants entry names and by the subject of each grants entry (a namespace pattern's ServiceAccount
 * named {@code x}).
 */
final class SampleCalls {
    private static final String ARGS = "args.";
    private static final Caller CALLER = new Caller("fuzz", "fuzz", "fuzz");

    private SampleCalls() {
    }

    /** A caller a grants subject names. */
    private static Caller subject(Subject subject) {
        return switch (subject.kind()) {
            case GRANT -> new Caller("fuzz", subject.value(), "fuzz");
            case IDENTITY -> new Caller(subject.value(), "fuzz", "fuzz");
            case SERVICE_ACCOUNT -> new Caller(subject.isNamespacePattern()
                    ? Subject.SERVICE_ACCOUNT_PREFIX + subject.value().replace("/*", ":x") : subject.exactIdentity(), "fuzz", "fuzz");
        };
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
        List<Caller> callers = new ArrayList<>(List.of(CALLER));
        if (policy.hasGrants()) {
            policy.grants().forEach(grant -> callers.add(subject(grant.subject())));
        }
        List<ToolCall> calls = new ArrayList<>();
        for (Caller caller : callers) {
            for (String tool : tools) {
                calls.add(new ToolCall(tool, null, caller));
                calls.add(new ToolCall(tool, arguments, caller));
            }
        }
        return calls;
    }
}
