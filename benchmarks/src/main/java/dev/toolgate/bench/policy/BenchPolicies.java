package dev.toolgate.bench.policy;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyLoader;

/** The benchmark's policy: 50 tools, each with argument conditions and a counter, plus a shared "*" counter. */
final class BenchPolicies {
    static final int TOOLS = 50;

    private BenchPolicies() {
    }

    /** Every tool: amount lte 1000, env in a list, name matching a regex, and a per-grant daily counter. */
    static CompiledPolicy fiftyTools() {
        return compile(true);
    }

    /** The same tools without the shared "*" counter. */
    static CompiledPolicy fiftyToolsWithoutGlobalCounter() {
        return compile(false);
    }

    private static CompiledPolicy compile(boolean globalCounter) {
        StringBuilder yaml = new StringBuilder("""
                version: "1"
                default: deny
                hide: [admin_*]
                tools:
                """);
        for (int i = 0; i < TOOLS; i++) {
            String tool = toolName(i);
            yaml.append("  ").append(tool).append(":\n")
                    .append("    rules:\n")
                    .append("      - name: arguments\n")
                    .append("        conditions:\n")
                    .append("          - {path: args.amount, op: lte, value: 1000}\n")
                    .append("          - {path: args.env, op: in, value: [dev, staging, prod]}\n")
                    .append("          - {path: args.workflow, op: regex, value: \"^[a-z][a-z0-9_]*$\"}\n")
                    .append("      - name: per-grant daily\n")
                    .append("        conditions: [{path: state.").append(tool).append(".daily, op: lte, value: 1000000000000000}]\n")
                    .append("        state: {counter: daily, window: day, scope: grant}\n");
        }
        if (globalCounter) {
            yaml.append("""
                  "*":
                    rules:
                      - name: global per minute
                        conditions: [{path: state._global.calls, op: lte, value: 1000000000000000}]
                        state: {counter: calls, window: minute}
                """);
        }
        try {
            return PolicyLoader.parse(yaml.toString(), "benchmark");
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static String toolName(int i) {
        return String.format("tool_%02d", i);
    }
}
