package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code grants:} section (a Toolgate extension): a list of entries, each one subject ({@code identity},
 * {@code grant} or {@code serviceAccount}), the {@code tools} it may call and optional {@code limits} in the same
 * syntax as a tool's. Structural errors only; what the values mean is checked by the compiler.
 */
final class GrantsForms {
    static final Set<String> GRANT_FIELDS = PolicyParser.ordered("identity", "grant", "serviceAccount", "description",
            "tools", "limits");
    private static final String EXAMPLE = "{grant: team-a, tools: [run_workflow]}";

    private final ParseContext ctx;
    private final CounterForms counters;

    GrantsForms(ParseContext ctx, CounterForms counters) {
        this.ctx = ctx;
        this.counters = counters;
    }

    /** The entries, or null when the document has no {@code grants:} (or one that is not a list). */
    List<Grant> grants(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            ctx.error("grants", "must be a list of entries such as " + EXAMPLE + ", got " + ParseContext.describe(node));
            return null;
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Grant grant = entry(node.get(i), Paths.index("grants", i));
            if (grant != null) {
                grants.add(grant);
            }
        }
        return grants;
    }

    private Grant entry(JsonNode node, String path) {
        if (!node.isObject()) {
            ctx.error(path, "a grants entry is an object such as " + EXAMPLE + "; got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, GRANT_FIELDS, Set.of(RuleOrigin.FIELD), "a grants entry");
        Subject subject = subject(node, path);
        String description = ctx.text(node, "description", path);
        String toolPolicy = ctx.text(node, RuleOrigin.FIELD, path);
        RuleOrigin origin = toolPolicy == null || toolPolicy.isEmpty() ? RuleOrigin.DOCUMENT : RuleOrigin.toolPolicy(toolPolicy);
        boolean damaged = subject == null;
        List<String> tools = List.of();
        JsonNode toolsNode = node.get("tools");
        String toolsPath = Paths.field(path, "tools");
        if (toolsNode == null || toolsNode.isNull()) {
            ctx.error(toolsPath, "missing; list the tools this subject may call, e.g. tools: [run_workflow], or [\"*\"] for every tool");
            damaged = true;
        } else {
            List<String> names = ctx.toolNames(toolsNode, toolsPath);
            // an item left out would shift the paths of the later ones: such an entry is not checked further
            damaged |= names == null || names.size() != toolsNode.size();
            tools = names == null ? List.of() : names;
        }
        List<Rule> limits = new ArrayList<>();
        JsonNode limitsNode = node.get("limits");
        if (limitsNode != null && !limitsNode.isNull()) {
            String limitsPath = Paths.field(path, "limits");
            String namespace = Grant.counterNamespace(subject == null ? Subject.grant("") : subject);
            if (!limitsNode.isArray()) {
                ctx.error(limitsPath, "must be a list of {counter, window, max, scope}, got " + ParseContext.describe(limitsNode));
            } else {
                for (int i = 0; i < limitsNode.size(); i++) {
                    String limitPath = Paths.index(limitsPath, i);
                    Rule rule = counters.limit(limitsNode.get(i), limitPath, namespace);
                    if (rule != null) {
                        // a merged entry's limits come from its ToolPolicy, as its rules do
                        limits.add(origin.equals(rule.origin()) ? rule : ctx.record(new Rule(rule.name(), rule.action(),
                                rule.conditions(), rule.reason(), rule.counter(), origin), limitPath));
                    }
                }
            }
        }
        Grant grant = ctx.record(new Grant(subject == null ? Subject.grant("") : subject, description, tools, limits, origin), path);
        if (damaged) {
            ctx.incomplete.add(grant);
        }
        return grant;
    }

    /** The one subject key of an entry; null (with an error) for none, several, or one that is not a string. */
    private Subject subject(JsonNode node, String path) {
        List<String> present = Subject.Kind.keywords().stream().filter(node::has).toList();
        if (present.isEmpty()) {
            ctx.error(path, "a grants entry needs a subject: identity: <id>, grant: <grant> or serviceAccount: <namespace>/<name>");
            return null;
        }
        if (present.size() > 1) {
            ctx.error(Paths.field(path, present.get(1)), "a grants entry has one subject, this one has " + String.join(" and ", present)
                    + "; write one entry per subject");
            return null;
        }
        String keyword = present.get(0);
        String value = ctx.text(node, keyword, path);
        if (value == null) {
            if (node.get(keyword).isNull()) {
                ctx.error(Paths.field(path, keyword), "must name the " + keyword + ", got nothing (null)");
            }
            return null;
        }
        return new Subject(Subject.Kind.fromKeyword(keyword), value);
    }
}
