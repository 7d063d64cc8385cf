package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;

import java.util.List;
import java.util.Map;

/**
 * The {@code serve} command line the operator gives an McpServer's proxy pods, for e2e tests that run the proxy in
 * this JVM (no kubelet runs the operator's Deployment): in the operator's package, to reach the builder the
 * Deployment uses.
 */
public final class OperatorProxyCommand {
    private OperatorProxyCommand() {
    }

    /**
     * The flags after {@code serve}, as the proxy's parser takes them.
     *
     * @param approvalsPublicUrl the chart's {@code approvalsApi.publicUrl}, or null; read as the operator reads its
     *                           environment (checked, a trailing slash dropped)
     */
    public static String[] serveFlags(McpServer server, String approvalsPublicUrl) {
        ProxySettings settings = ProxySettings.fromEnvironment(approvalsPublicUrl == null ? Map.of()
                : Map.of(ProxySettings.APPROVALS_PUBLIC_URL_ENV, approvalsPublicUrl));
        List<String> args = ProxyDeploymentDependent.proxyCommand(server, settings.approvalsPublicUrl()).args();
        return args.subList(1, args.size()).toArray(String[]::new);
    }
}
