package dev.toolgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.Decision;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.JsonReading;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.policy.ToolCall;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code explain FILE --tool NAME [--args JSON] [--identity ID] [--grant G]... [--session S] [--definition JSON |
 * --class CLASS[/RISK]]}: a dry run that prints the decision, the rule that decided and why; for a policy with
 * {@code grants:} the entry that granted the call ({@code --grant} may be given several times, primary grant first);
 * with {@code classes:} in the policy, the tool's class (from its listed definition, as the proxy classifies it, or as
 * given) and the class entries that matched. Counters are untouched (and start empty).
 * Exit code 0 when a decision was explained, 1 for an invalid policy, 2 for a usage error.
 */
final class ExplainCommand implements Command {
    private static final String USAGE = "usage: explain FILE --tool NAME [--args JSON] [--identity ID] [--grant G]... [--session S]"
            + " [--definition JSON | --class CLASS[/RISK]]";
    /** Decimals kept exact, as the policy compares numbers exactly. */

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    ExplainCommand() {
        this(System.out, System.err, Clock.systemUTC());
    }

    ExplainCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public int run(String[] args) {
        String file = null;
        String tool = null;
        String arguments = null;
        String identity = null;
        List<String> grants = new ArrayList<>();
        String session = null;
        String definition = null;
        String riskClass = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    return usage(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--tool" -> tool = value;
                    case "--args" -> arguments = value;
                    case "--identity" -> identity = value;
                    case "--grant" -> grants.add(value);
                    case "--session" -> session = value;
                    case "--definition" -> definition = value;
                    case "--class" -> riskClass = value;
                    default -> {
                        return usage("unknown option " + arg);
                    }
                }
            } else if (file == null) {
                file = arg;
            } else {
                return usage("one policy file only, got " + file + " and " + arg);
            }
        }
        if (file == null || tool == null) {
            return usage(file == null ? "missing FILE" : "missing --tool NAME");
        }
        JsonNode argsNode = null;
        if (arguments != null) {
            try {
                argsNode = JsonReading.read(arguments); // as the proxy reads a call's arguments
            } catch (JsonProcessingException e) {
                return usage("--args is not JSON: " + e.getOriginalMessage());
            }
            if (argsNode == null || !argsNode.isObject()) {
                return usage("--args must be a JSON object, e.g. {\"workflow\": \"deploy\"}");
            }
        }
        ClassExplanation.Parsed classified = ClassExplanation.parse(tool, definition, riskClass);
        if (classified.problem() != null) {
            return usage(classified.problem());
        }
        CompiledPolicy policy;
        try {
            policy = PolicyLoader.load(Path.of(file));
        } catch (InvalidPolicyException e) {
            for (PolicyError error : e.errors()) {
                out.println(file + ": " + error);
            }
            return 1;
        } catch (IOException e) {
            out.println(file + ": cannot read the file: " + e.getMessage());
            return 1;
        }
        Caller caller = new Caller(identity, grants, session);
        Decision decision = new PolicyEngine(policy, clock).explain(new ToolCall(tool, argsNode, caller, classified.classification()));
        out.println("decision: " + decision.outcome());
        out.println("tool:     " + tool);
        out.println("rule:     " + decision.rule());
        out.println("reason:   " + decision.reason());
        if (decision.failure() != null) {
            out.println("failure:  " + decision.failure());
        }
        if (decision.retryAfterSeconds() != null) {
            out.println("retry after: " + decision.retryAfterSeconds() + " s");
        }
        if (policy.model().hasGrants()) {
            out.println("granted:  " + GrantedBy.describe(policy.model(), decision));
        }
        ClassExplanation.print(out, policy, tool, classified.classification());
        out.println("caller:   identity=" + caller.identity() + (caller.grants().size() == 1 ? " grant=" : " grants=")
                + String.join(",", caller.grants()) + " session=" + caller.session());
        out.println("(dry run: no counter was changed; counters start at zero)");
        return 0;
    }

    private int usage(String problem) {
        err.println("explain: " + problem);
        err.println(USAGE);
        return 2;
    }
}
