package dev.toolgate.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toolgate.policy.model.ClassEntry;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.ToolEntry;

import java.io.UncheckedIOException;

/**
 * Writes a policy model as the canonical JSON document: Intercept's shape with every default spelled out
 * ({@code default}, each rule's {@code action}, each counter's {@code window}, {@code scope} and increment),
 * PolicyLayer sugar already expanded. {@link PolicyLoader} reads it back to an equal model, so the operator can
 * merge ToolPolicies as models and ship the result in a ConfigMap. Fields are written in a fixed order, so
 * equal models give identical text.
 */
public final class PolicyWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyWriter() {
    }

    /** The canonical JSON text of a model, indented, ending without a newline. */
    public static String toJson(Policy policy) {
        try {
            return MAPPER.writeValueAsString(toTree(policy));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical JSON text of a compiled policy's model. */
    public static String toJson(CompiledPolicy policy) {
        return toJson(policy.model());
    }

    /** The canonical document as a tree (e.g. to embed it in a resource). */
    public static ObjectNode toTree(Policy policy) {
        ObjectNode doc = NODES.objectNode();
        doc.put("version", policy.version());
        if (policy.description() != null) {
            doc.put("description", policy.description());
        }
        doc.put("default", policy.defaultAction().keyword());
        ArrayNode hide = doc.putArray("hide");
        policy.hide().forEach(hide::add);
        ObjectNode tools = doc.putObject("tools");
        for (ToolEntry entry : policy.tools()) {
            ArrayNode rules = tools.putObject(entry.name()).putArray("rules");
            for (Rule rule : entry.rules()) {
                rules.add(rule(rule));
            }
        }
        if (policy.hasGrants()) {
            ArrayNode grants = doc.putArray("grants");
            policy.grants().forEach(grant -> grants.add(grant(grant)));
        }
        if (!policy.classes().isEmpty()) {
            ObjectNode classes = doc.putObject("classes");
            for (ClassEntry entry : policy.classes()) {
                ObjectNode written = classes.putObject(entry.key());
                if (!entry.members().isEmpty()) {
                    ArrayNode members = written.putArray("tools");
                    entry.members().forEach(members::add);
                }
                ArrayNode rules = written.putArray("rules");
                entry.rules().forEach(rule -> rules.add(rule(rule)));
            }
        }
        return doc;
    }

    /** A grants entry: its subject, description, tools, and each limit in PolicyLayer's form (as written). */
    private static ObjectNode grant(Grant grant) {
        ObjectNode node = NODES.objectNode();
        node.put(grant.subject().kind().keyword(), grant.subject().value());
        if (grant.description() != null) {
            node.put("description", grant.description());
        }
        ArrayNode tools = node.putArray("tools");
        grant.tools().forEach(tools::add);
        if (!grant.limits().isEmpty()) {
            ArrayNode limits = node.putArray("limits");
            for (Rule rule : grant.limits()) {
                ObjectNode limit = state(rule.counter());
                limit.set("max", rule.conditions().get(0).value());
                if (rule.reason() != null) {
                    limit.put("reason", rule.reason());
                }
                limits.add(limit);
            }
        }
        if (grant.origin() instanceof RuleOrigin.ToolPolicy toolPolicy) {
            node.put(RuleOrigin.FIELD, toolPolicy.name());
        }
        return node;
    }

    private static ObjectNode rule(Rule rule) {
        ObjectNode node = NODES.objectNode();
        node.put("name", rule.name());
        node.put("action", rule.action().keyword());
        if (!rule.conditions().isEmpty()) {
            ArrayNode conditions = node.putArray("conditions");
            for (Condition c : rule.conditions()) {
                ObjectNode cn = conditions.addObject();
                cn.put("path", c.path());
                cn.put("op", c.op().keyword());
                cn.set("value", c.value().deepCopy());
            }
        }
        if (rule.reason() != null) {
            node.put("on_deny", rule.reason());
        }
        if (rule.counter() != null) {
            node.set("state", state(rule.counter()));
        }
        if (rule.origin() instanceof RuleOrigin.ToolPolicy toolPolicy) {
            node.put(RuleOrigin.FIELD, toolPolicy.name());
        }
        return node;
    }

    private static ObjectNode state(CounterSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("counter", spec.name());
        if (spec.window().name() != null) {
            node.put("window", spec.window().name());
        } else {
            node.put("window", spec.window().seconds());
        }
        node.put("scope", spec.scope().keyword());
        if (spec.incrementFrom() != null) {
            node.put("increment_from", spec.incrementFrom());
        } else {
            node.put("increment", spec.increment());
        }
        return node;
    }
}
