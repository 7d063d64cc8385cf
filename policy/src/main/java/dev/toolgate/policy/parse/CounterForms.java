package dev.toolgate.policy.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toolgate.policy.model.Action;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.Op;
import dev.toolgate.policy.model.Rule;
import dev.toolgate.policy.model.Scope;
import dev.toolgate.policy.model.Window;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counter forms: Intercept's {@code state} block, and the sugar that desugars into a limit condition plus a
 * counter — PolicyLayer's {@code limits[]} entries and the {@code rate_limit} shorthand ({@code "N/window"} or
 * {@code {max, window, scope}}), exactly as Intercept expands {@code rate_limit: 5/hour}.
 */
final class CounterForms {
    static final Set<String> STATE_FIELDS = PolicyParser.ordered("counter", "window", "scope", "increment", "increment_from");
    static final Set<String> LIMIT_FIELDS = PolicyParser.ordered("counter", "window", "max", "scope", "increment", "increment_from", "reason");
    static final Set<String> RATE_LIMIT_FIELDS = PolicyParser.ordered("max", "window", "scope", "reason");
    private static final Pattern RATE_LIMIT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");

    private final ParseContext ctx;

    CounterForms(ParseContext ctx) {
        this.ctx = ctx;
    }

    CounterSpec state(JsonNode node, String path) {
        if (!node.isObject()) {
            ctx.error(path, "state is an object {counter, window, scope, increment, increment_from}; got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, STATE_FIELDS, "a state block");
        return counterSpec(node, path, ctx.text(node, "counter", path));
    }

    CounterSpec counterSpec(JsonNode node, String path, String counter) {
        boolean ok = true;
        if (counter == null) {
            if (!node.has("counter")) {
                ctx.error(Paths.field(path, "counter"), "missing; name the counter, e.g. counter: hourly_calls");
            }
            ok = false;
        }
        Window window = ctx.window(node.get("window"), Paths.field(path, "window"));
        ok &= window != null;
        Scope scope = Scope.GLOBAL;
        String scopeText = ctx.text(node, "scope", path);
        if (scopeText != null) {
            scope = Scope.fromKeyword(scopeText);
            if (scope == null) {
                ctx.error(Paths.field(path, "scope"), "\"" + scopeText + "\" is not a scope; use global, grant, identity or session");
                ok = false;
            }
        }
        long increment = 1;
        JsonNode inc = node.get("increment");
        if (inc != null && !inc.isNull()) {
            if (!inc.isIntegralNumber() || !inc.canConvertToLong()) {
                ctx.error(Paths.field(path, "increment"), "must be a whole number of at least 1, got " + ParseContext.describe(inc));
                ok = false;
            } else {
                increment = inc.asLong();
            }
        }
        String incrementFrom = ctx.text(node, "increment_from", path);
        if (!ok) {
            return null;
        }
        CounterSpec spec = new CounterSpec(counter, window, scope, increment, incrementFrom);
        ctx.origins.put(spec, path);
        return spec;
    }

    Rule limit(JsonNode node, String path, String namespace) {
        if (!node.isObject()) {
            ctx.error(path, "a limit is an object {counter, window, max, scope}; got " + ParseContext.describe(node));
            return null;
        }
        ctx.unknownFields(node, path, LIMIT_FIELDS, "a limit");
        String counter = ctx.text(node, "counter", path);
        JsonNode max = max(node, path);
        CounterSpec spec = counterSpec(node, path, counter);
        if (spec == null || max == null) {
            return null;
        }
        Condition limit = new Condition(CounterSpec.statePath(namespace, counter), Op.LTE, max);
        ctx.origins.put(limit, Paths.field(path, "max"));
        return ctx.record(new Rule(counter, Action.EVALUATE, List.of(limit), ctx.text(node, "reason", path), spec), path);
    }

    JsonNode max(JsonNode node, String path) {
        JsonNode max = node.get("max");
        if (max == null || max.isNull()) {
            ctx.error(Paths.field(path, "max"), "missing; the most calls allowed per window, e.g. max: 10");
            return null;
        }
        if (!max.isIntegralNumber() || max.bigIntegerValue().signum() < 0) {
            ctx.error(Paths.field(path, "max"), "must be a whole number of at least 0, got " + ParseContext.describe(max));
            return null;
        }
        return max;
    }

    /** {@code rate_limit: "10/minute"} or {@code rate_limit: {max: 10, window: 60, scope: grant}}. */
    Rule rateLimitRule(String name, JsonNode node, String path, String namespace, String message) {
        JsonNode max;
        Window window;
        Scope scope = Scope.GLOBAL;
        String reason = message;
        if (node.isTextual()) {
            Matcher m = RATE_LIMIT.matcher(node.asText());
            if (!m.matches()) {
                ctx.error(path, "\"" + node.asText() + "\" is not a rate limit; write N/window such as 10/minute (window: " + ParseContext.WINDOW_FIX + ")");
                return null;
            }
            max = numberNode(new BigInteger(m.group(1)));
            window = ctx.windowText(m.group(2), path);
        } else if (node.isObject()) {
            ctx.unknownFields(node, path, RATE_LIMIT_FIELDS, "a rate_limit block");
            max = max(node, path);
            window = ctx.window(node.get("window"), Paths.field(path, "window"));
            String scopeText = ctx.text(node, "scope", path);
            if (scopeText != null) {
                scope = Scope.fromKeyword(scopeText);
                if (scope == null) {
                    ctx.error(Paths.field(path, "scope"), "\"" + scopeText + "\" is not a scope; use global, grant, identity or session");
                    return null;
                }
            }
            String r = ctx.text(node, "reason", path);
            if (r != null) {
                reason = r;
            }
        } else {
            ctx.error(path, "must be N/window such as \"10/minute\" or {max: 10, window: 60}; got " + ParseContext.describe(node));
            return null;
        }
        if (max == null || window == null) {
            return null;
        }
        String counter = "_rate_" + (window.name() != null ? window.name() : window.seconds() + "s");
        if (reason == null) {
            reason = "Rate limit of " + max.asText() + " per " + window.describe() + " reached. Try again later.";
        }
        CounterSpec spec = new CounterSpec(counter, window, scope, 1, null);
        ctx.origins.put(spec, path);
        Condition limit = new Condition(CounterSpec.statePath(namespace, counter), Op.LTE, max);
        ctx.origins.put(limit, path);
        return ctx.record(new Rule(name == null ? counter : name, Action.EVALUATE, List.of(limit), reason, spec), path);
    }

    private static JsonNode numberNode(BigInteger value) {
        return value.bitLength() < 32 ? IntNode.valueOf(value.intValue()) : JsonNodeFactory.instance.numberNode(value);
    }
}
