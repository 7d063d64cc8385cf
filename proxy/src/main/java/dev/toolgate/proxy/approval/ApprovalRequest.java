package dev.toolgate.proxy.approval;

import java.util.List;

/**
 * Exactly which call an approval is for: an identical retry is the same request. The grants are recorded for the
 * approver but do not make a call different: the same identity with the same arguments is the same call.
 *
 * @param mcpServer       the McpServer the proxy fronts ({@code standalone} outside Kubernetes)
 * @param argumentsSha256 hex SHA-256 of the arguments' RFC 8785 canonical JSON
 */
public record ApprovalRequest(String mcpServer, String tool, String identity, List<String> grants,
                              String argumentsSha256) {
    public ApprovalRequest {
        grants = List.copyOf(grants);
    }

    /** True when {@code other} asks for the same call. */
    public boolean sameCall(ApprovalRequest other) {
        return mcpServer.equals(other.mcpServer) && tool.equals(other.tool) && identity.equals(other.identity)
                && argumentsSha256.equals(other.argumentsSha256);
    }
}
