package dev.toolgate.contract;

/**
 * The ToolCallApproval resource as both sides read it (#19): the proxy creates one per approval and labels it, a
 * person (or the operator's approvals API on their behalf) writes the decision into its status, and the operator's
 * cluster-wide API derives the state the page shows from the status and the proxy's phase label.
 */
public final class ToolCallApprovals {
    /** The McpServer whose proxy made the resource: the proxy watches only its own. */
    public static final String MCP_SERVER_LABEL = "toolgate.dev/mcp-server";
    /** What the proxy did with it: {@link #PHASE_PENDING}, {@link #PHASE_CONSUMED}, {@link #PHASE_EXPIRED}. */
    public static final String PHASE_LABEL = "toolgate.dev/phase";
    public static final String PHASE_PENDING = "pending";
    public static final String PHASE_CONSUMED = "consumed";
    public static final String PHASE_EXPIRED = "expired";

    /** {@code status.state} a person writes. */
    public static final String APPROVED = "Approved";
    public static final String DENIED = "Denied";
    /** {@code status.state} of an approval nobody has decided yet (or no status at all). */
    public static final String PENDING = "Pending";

    private ToolCallApprovals() {
    }
}
