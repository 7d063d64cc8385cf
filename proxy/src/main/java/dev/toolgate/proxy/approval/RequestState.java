package dev.toolgate.proxy.approval;

import java.time.Instant;

/**
 * What a Multi Round-Trip {@code requestState} the proxy issued binds: the approval it waits for, and exactly which
 * call of whom may carry it until when. Sealed by {@link RequestStates}; the client only echoes it.
 *
 * @param nonce random, so every state is single use ({@link UsedNonces})
 */
public record RequestState(String approvalId, String mcpServer, String identity, String tool, String argumentsSha256,
                           Instant expiresAt, String nonce) {

    /** True when {@code request} is the call this state was issued for. */
    boolean binds(ApprovalRequest request) {
        return mcpServer.equals(request.mcpServer()) && identity.equals(request.identity()) && tool.equals(request.tool())
                && argumentsSha256.equals(request.argumentsSha256());
    }
}
