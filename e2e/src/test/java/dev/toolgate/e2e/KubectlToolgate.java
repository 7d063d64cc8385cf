package dev.toolgate.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shipped {@code scripts/kubectl-toolgate} plugin, run as kubectl runs it, and the Role that lets people decide. */
final class KubectlToolgate {
    private KubectlToolgate() {
    }

    /**
     * Documents to append to a YAML stream: a Role {@code toolcall-approver} (read ToolCallApprovals, write their status) bound to {@code accounts} of
     * {@code namespace}: who may decide, in plain RBAC.
     */
    static String approverRole(String namespace, String... accounts) {
        StringBuilder subjects = new StringBuilder();
        for (String account : accounts) {
            subjects.append("  - {kind: ServiceAccount, name: ").append(account).append(", namespace: ").append(namespace).append("}\n");
        }
        return """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: toolcall-approver}
                rules:
                  - apiGroups: [toolgate.dev]
                    resources: [toolcallapprovals]
                    verbs: [get, list, watch]
                  - apiGroups: [toolgate.dev]
                    resources: [toolcallapprovals/status]
                    verbs: [get, patch]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: toolcall-approvers}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: toolcall-approver}
                subjects:
                """ + subjects;
    }

    /** {@code kubectl toolgate ARGS -n NAMESPACE} as {@code user}, with the real kubectl on PATH. */
    static Kubectl.Result run(ControlPlane cluster, String namespace, ServiceAccountName user, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Repository.path("scripts/kubectl-toolgate").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-n", namespace));
        command.addAll(user.impersonationFlags());
        Kubectl kubectl = cluster.kubectl();
        return Kubectl.exec(command, Map.of("KUBECONFIG", kubectl.kubeconfig().toString(),
                "PATH", kubectl.binary().getParent() + ":" + System.getenv("PATH")), null);
    }
}
