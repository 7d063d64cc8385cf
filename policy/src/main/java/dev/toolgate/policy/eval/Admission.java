package dev.toolgate.policy.eval;

import dev.toolgate.policy.Caller;
import dev.toolgate.policy.ToolCall;
import dev.toolgate.policy.model.Subject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a policy's {@code grants:} say about one call: refused (no entry matching the caller admits the tool), or
 * admitted by a subject, with the limits of that subject's entries that admit the tool.
 *
 * @param subject the subject whose entries admitted the call; null when refused, or when the policy has no grants
 * @param grant   the grant that admitted the call ({@code grant:} subjects), which keys {@code scope: grant} counters
 *                for this call; null otherwise (the caller's primary grant keys them)
 * @param limits  the limits of the admitting entries, reserved together with the tool's own
 * @param refused true when no entry matching the caller admits the tool
 */
public record Admission(Subject subject, String grant, CompiledRule[] limits, boolean refused) {
    /** The rule a call refused by the grants reports. */
    public static final String RULE = "grants";
    /** Caller values quoted in a refusal are cut here: they come from credentials, whose size the proxy does not set. */
    private static final int MAX_QUOTED = 100;
    private static final int MAX_GRANTS_NAMED = 5;
    private static final CompiledRule[] NONE = new CompiledRule[0];
    /** A policy without grants: every call may go on to the tool's rules. */
    public static final Admission OPEN = new Admission(null, null, NONE, false);
    /** No entry matching the caller admits the tool. */
    public static final Admission REFUSED = new Admission(null, null, NONE, true);

    /**
     * What the agent reads when no entry admits its call: the tool and the caller's own identity and grants, never the
     * policy's subjects (who else may call the tool is not the caller's business).
     */
    public static String refusal(ToolCall call) {
        Caller caller = call.caller();
        List<String> grants = caller.grants();
        String named = String.join(", ", grants.subList(0, Math.min(grants.size(), MAX_GRANTS_NAMED)).stream()
                .map(Admission::cut).toList())
                + (grants.size() > MAX_GRANTS_NAMED ? " and " + (grants.size() - MAX_GRANTS_NAMED) + " more" : "");
        return "tool \"" + call.tool() + "\" is not granted to identity \"" + cut(caller.identity()) + "\" (grants: " + named
                + "); none of its grants includes it";
    }

    private static String cut(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }

    /**
     * The call as the rest of evaluation sees it: when a grant admitted it and is not the caller's primary grant, the
     * caller with that grant first, so {@code scope: grant} counters count against the grant that admitted the call.
     */
    public ToolCall callFor(ToolCall call) {
        Caller caller = call.caller();
        if (grant == null || grant.equals(caller.grant())) {
            return call;
        }
        List<String> grants = new ArrayList<>(caller.grants().size());
        grants.add(grant);
        caller.grants().stream().filter(g -> !g.equals(grant)).forEach(grants::add);
        return new ToolCall(call.tool(), call.arguments(), new Caller(caller.identity(), grants, caller.session()));
    }
}
