package dev.toolgate.policy;

import dev.toolgate.policy.eval.ArgCondition;
import dev.toolgate.policy.eval.CompiledCounter;
import dev.toolgate.policy.eval.CompiledGrant;
import dev.toolgate.policy.eval.CompiledRule;
import dev.toolgate.policy.eval.Glob;
import dev.toolgate.policy.eval.GrantTable;
import dev.toolgate.policy.eval.StateCondition;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.DefaultAction;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Op;
import dev.toolgate.policy.model.Policy;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.RuleOrigin;
import dev.toolgate.policy.model.Subject;
import dev.toolgate.policy.model.ToolEntry;
import dev.toolgate.policy.parse.Paths;
import dev.toolgate.policy.parse.Suggestions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and compiles a policy's {@code grants:} section, adding every error (with its path) to the compiler's
 * list: subjects that are empty, malformed or given twice, tool lists that are empty or name a tool the policy
 * would refuse anyway, and the entries' limits.
 */
final class GrantsCompiler {
    /** {@code namespace/name} or {@code namespace/*}: a DNS-1123 label, then a DNS-1123 subdomain or {@code *}. */
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile(
            "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/(\\*|[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)");
    private static final Pattern BAD_TOOL_CHARACTER = Pattern.compile("[\\s\\p{Cntrl}]");

    private final Policy policy;
    private final Map<Object, String> origins;
    private final Set<Object> incomplete;
    private final List<PolicyError> errors;

    GrantsCompiler(Policy policy, Map<Object, String> origins, Set<Object> incomplete, List<PolicyError> errors) {
        this.policy = policy;
        this.origins = origins;
        this.incomplete = incomplete;
        this.errors = errors;
    }

    GrantTable compile() {
        if (!policy.hasGrants()) {
            return GrantTable.NONE;
        }
        if (policy.grants().isEmpty()) {
            error("grants", "lists no entry, so no caller may call any tool; add entries such as {grant: team-a, tools: [run_workflow]}, "
                    + "or remove grants: to let every caller call what the tools' rules allow");
        }
        Map<String, String> subjects = new HashMap<>();
        List<CompiledGrant> compiled = new ArrayList<>();
        for (int i = 0; i < policy.grants().size(); i++) {
            Grant grant = policy.grants().get(i);
            String path = origins.getOrDefault(grant, Paths.index("grants", i));
            boolean complete = !incomplete.contains(grant);
            if (complete) {
                checkSubject(grant, path, subjects);
                checkTools(grant, path);
            }
            compiled.add(new CompiledGrant(grant, compileLimits(grant, path)));
        }
        return new GrantTable(compiled);
    }

    private void checkSubject(Grant grant, String path, Map<String, String> subjects) {
        Subject subject = grant.subject();
        String valuePath = Paths.field(path, subject.kind().keyword());
        if (subject.value().isBlank()) {
            error(valuePath, "must not be empty; name the " + subject.kind().keyword() + " this entry is for");
            return;
        }
        if (subject.kind() == Subject.Kind.SERVICE_ACCOUNT && !SERVICE_ACCOUNT.matcher(subject.value()).matches()) {
            error(valuePath, "\"" + subject.value() + "\" is not a ServiceAccount pattern; write <namespace>/<name> or "
                    + "<namespace>/* (lowercase letters, digits and -, a name may hold . too), e.g. agents/release-bot");
            return;
        }
        String identity = subject.exactIdentity();
        String key = (identity != null ? "identity " + identity : subject.toString()) + " " + grant.origin();
        String first = subjects.putIfAbsent(key, path);
        if (first != null) {
            error(path, "duplicate subject \"" + subject + "\" (" + first + " is for the same " + (identity != null ? "identity" : "subject")
                    + "); give each subject one entry and list all its tools there");
        }
    }

    private void checkTools(Grant grant, String path) {
        String toolsPath = Paths.field(path, "tools");
        if (grant.tools().isEmpty()) {
            error(toolsPath, "lists no tool; list what " + grant.subject() + " may call, or remove the entry");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int t = 0; t < grant.tools().size(); t++) {
            String tool = grant.tools().get(t);
            String toolPath = Paths.index(toolsPath, t);
            if (tool.isEmpty() || BAD_TOOL_CHARACTER.matcher(tool).find()) {
                error(toolPath, "\"" + tool + "\" is not a tool name or glob; write a name such as run_workflow, a glob such as "
                        + "github_* or \"*\" for every tool (no spaces or control characters)");
            } else if (!seen.add(tool)) {
                error(toolPath, "duplicate tool \"" + tool + "\"; remove the duplicate");
            } else if (policy.defaultAction() == DefaultAction.DENY && RuleOrigin.DOCUMENT.equals(grant.origin())
                    && !Glob.isGlob(tool) && !listed(tool)) {
                // a merged entry was checked in its own ToolPolicy; there the merge warns instead (deny wins)
                String suggestion = Suggestions.closest(tool, exactToolNames());
                error(toolPath, "\"" + tool + "\" is not a tool this policy lists, so default: deny refuses it whoever holds the grant; "
                        + (suggestion != null ? "did you mean \"" + suggestion + "\"? " : "")
                        + "add it to tools, or fix the name");
            }
        }
    }

    /** As default deny sees it: an exact entry, or a glob other than "*", lists the tool. */
    private boolean listed(String tool) {
        for (ToolEntry entry : policy.tools()) {
            if (entry.name().equals(tool) || entry.isGlob() && !entry.isWildcard() && new Glob(entry.name()).matches(tool)) {
                return true;
            }
        }
        return false;
    }

    private List<String> exactToolNames() {
        return policy.tools().stream().filter(t -> !t.isGlob()).map(ToolEntry::name).toList();
    }

    /** Each limit as a rule whose counter lives in the entry's namespace and whose own {@code lte} condition is its max. */
    private CompiledRule[] compileLimits(Grant grant, String path) {
        List<CompiledRule> compiled = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int l = 0; l < grant.limits().size(); l++) {
            Rule rule = grant.limits().get(l);
            String limitPath = origins.getOrDefault(rule, Paths.index(Paths.field(path, "limits"), l));
            CounterSpec spec = rule.counter();
            Condition max = rule.conditions().size() == 1 ? rule.conditions().get(0) : null;
            String ownPath = spec == null ? null : CounterSpec.statePath(grant.counterNamespace(), spec.name());
            if (spec == null || rule.action() != Action.EVALUATE || max == null || max.op() != Op.LTE
                    || !max.path().equals(ownPath) || !max.value().isIntegralNumber()) {
                error(limitPath, "a limit is {counter, window, max, scope}, as in a tool's limits");
                continue;
            }
            boolean ok = PolicyCompiler.checkCounter(spec, origins.getOrDefault(spec, limitPath), errors);
            if (!names.add(spec.name())) {
                error(Paths.field(limitPath, "counter"), "counter \"" + spec.name() + "\" is already a limit of this entry; "
                        + "give each limit its own counter");
                ok = false;
            }
            if (ok) {
                compiled.add(new CompiledRule(rule, new ArgCondition[0],
                        new StateCondition[0], new CompiledCounter(grant.counterNamespace(), spec),
                        PolicyCompiler.limitOf(max), false));
            }
        }
        return compiled.toArray(CompiledRule[]::new);
    }

    private void error(String path, String message) {
        errors.add(new PolicyError(path, message));
    }
}
