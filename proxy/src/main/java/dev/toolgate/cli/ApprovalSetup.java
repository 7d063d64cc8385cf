package dev.toolgate.cli;

import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.proxy.ServeArguments;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.approval.RequestStates;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.hold.HoldOpenOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The approval options {@code serve} runs with: on when admin tokens are given ({@code --admin-keys FILE}, and/or
 * {@value PodEnvironment#ADMIN_TOKEN} in the environment for an approver named {@value PodEnvironment#ADMIN_IDENTITY});
 * off otherwise, when calls needing approval are refused as before.
 */
final class ApprovalSetup {
    private ApprovalSetup() {
    }

    static ApprovalOptions of(ServeArguments arguments, Map<String, String> env) throws IOException {
        // kept also when off: on Kubernetes a mirror turns approvals on later
        return decidedBy(arguments, env).withHoldOpen(HoldOpenOptions.upTo(
                Duration.ofSeconds(arguments.approvalHoldOpenSeconds())));
    }

    private static ApprovalOptions decidedBy(ServeArguments arguments, Map<String, String> env) throws IOException {
        ApiKeys keys = arguments.adminKeys() == null ? new ApiKeys(List.of()) : ApiKeys.load(arguments.adminKeys());
        String token = env.get(PodEnvironment.ADMIN_TOKEN);
        if (token != null && !token.isBlank()) {
            keys = keys.and(new ApiKey(token.strip(), PodEnvironment.ADMIN_IDENTITY, null));
        }
        ApprovalOptions options = keys.size() == 0 ? ApprovalOptions.OFF : new ApprovalOptions(keys,
                arguments.approvalTtlSeconds() > 0
                        ? Duration.ofSeconds(arguments.approvalTtlSeconds()) : ApprovalOptions.DEFAULT_TTL,
                ApprovalOptions.DEFAULT_MAX_RECORDS, ApprovalOptions.DEFAULT_MAX_LIVE_PER_IDENTITY,
                arguments.approvalUrl(), arguments.mcpServer(), null, null, null, null);
        // also when off here: on Kubernetes the ToolCallApproval mirror turns approvals on later
        return options
                .withDecisionWait(arguments.approvalWait() == null ? ApprovalOptions.DEFAULT_WAIT : arguments.approvalWait())
                .withStateKey(arguments.approvalStateKeyFile() == null ? null
                        : RequestStates.readKey(arguments.approvalStateKeyFile()));
    }
}
