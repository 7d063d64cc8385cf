package dev.toolgate.e2e;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The namespace the approval tests on the real API server share: the conductor McpServer of {@code examples/}, a
 * ToolPolicy asking a person's approval for runs of the prod workflow, ServiceAccounts, and an approver's RBAC on
 * {@code toolcallapprovals/status}.
 */
final class ApprovalScenario {
    /** The rule that asks for approval, as the merged policy and the approvals name it. */
    static final String RULE = "prod needs approval";
    private static final String PROD_NEEDS_APPROVAL = """
            apiVersion: toolgate.dev/v1alpha1
            kind: ToolPolicy
            metadata: {name: prod-needs-approval}
            spec:
              targetRef: {name: conductor}
              version: "1"
              default: allow
              tools:
                run_workflow:
                  rules:
                    - name: %s
                      action: require_approval
                      conditions: [{path: args.name, op: eq, value: prod}]
                      reason: production runs need a person's approval
            """.formatted(RULE);

    private ApprovalScenario() {
    }

    /**
     * Creates {@code namespace} with the McpServer, the policy, the ServiceAccount {@code approver} (who may decide:
     * the role is bound to it and to {@code alsoMayDecide}) and the ServiceAccounts {@code others}.
     */
    static void install(Kubectl kubectl, String namespace, String[] others, String... alsoMayDecide) {
        kubectl.run("create", "namespace", namespace).orFail();
        kubectl.run("-n", namespace, "apply", "-f", "examples/conductor-mcpserver.yaml").orFail();
        StringBuilder documents = new StringBuilder(PROD_NEEDS_APPROVAL);
        documents.append(account("approver"));
        for (String other : others) {
            documents.append(account(other));
        }
        String[] deciders = new String[alsoMayDecide.length + 1];
        deciders[0] = "approver";
        System.arraycopy(alsoMayDecide, 0, deciders, 1, alsoMayDecide.length);
        documents.append(KubectlToolgate.approverRole(namespace, deciders));
        kubectl.runWithInput(documents.toString(), "-n", namespace, "apply", "-f", "-").orFail();
    }

    /** Waits until the operator has merged the policy into the proxy's ConfigMap and bound the proxy's Role. */
    static void awaitPolicyInForce(Kubectl kubectl, String namespace) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                kubectl.run("-n", namespace, "get", "configmap", "conductor-toolgate-policy", "-o",
                        "jsonpath={.data.policy\\.json}").out().contains(RULE)
                        && kubectl.run("-n", namespace, "get", "rolebinding", "conductor-toolgate").exitCode() == 0);
    }

    /**
     * A pending approval of a {@code run_workflow {"name":"prod"}} call {@code identity} made, written as the proxy
     * writes one (for tests where no proxy asked: nothing watches it but the API server and the operator).
     */
    static void pendingByHand(Kubectl kubectl, String namespace, String name, String identity, String argumentsSha256) {
        kubectl.runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: ToolCallApproval
                metadata: {name: %s}
                spec:
                  mcpServer: conductor
                  tool: run_workflow
                  identity: %s
                  grants: [ops]
                  argumentsSha256: "%s"
                  preview: '{"name":"prod"}'
                  rule: %s
                  reason: production runs need a person's approval
                  policyGeneration: 1
                  expiresAt: "2099-01-01T00:00:00Z"
                """.formatted(name, identity, argumentsSha256, RULE), "-n", namespace, "apply", "-f", "-").orFail();
    }

    private static String account(String name) {
        return "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: " + name + "}\n";
    }
}
