package dev.toolgate.contract;

import java.util.Objects;

/**
 * The ConfigMap an McpServer's merged policy lives in: the operator writes it, the proxy watches it.
 *
 * @param name the ConfigMap's name, {@code <mcpserver>-toolgate-policy}
 */
public record PolicyConfigMap(String name) {
    /** The data key holding the policy document (JSON). */
    public static final String KEY = "policy.json";
    /**
     * Annotation on the ConfigMap: a JSON object of ToolPolicy name to UID, so the proxy's Events can name the
     * ToolPolicy that decided exactly ({@code kubectl describe} selects Events by UID).
     */
    public static final String TOOL_POLICY_UIDS_ANNOTATION = "toolgate.dev/toolpolicy-uids";
    /** The policy enforced when there is none to read or none accepted: every tool call denied (fail closed). */
    public static final String DENY_ALL = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{}}";

    public PolicyConfigMap {
        Objects.requireNonNull(name, "name");
    }

    /** The policy ConfigMap of the McpServer named {@code mcpServer}. */
    public static PolicyConfigMap of(String mcpServer) {
        return new PolicyConfigMap(mcpServer + "-toolgate-policy");
    }
}
