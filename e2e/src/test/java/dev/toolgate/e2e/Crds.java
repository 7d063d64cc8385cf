package dev.toolgate.e2e;

/** Installs the checked-in CRDs the way the README says: {@code kubectl apply -f crds/} (idempotent). */
final class Crds {
    private Crds() {
    }

    static void install(ControlPlane cluster) {
        cluster.kubectl().run("apply", "-f", Repository.path("crds").toString()).orFail();
        cluster.kubectl().run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/mcpservers.toolgate.dev", "crd/toolpolicies.toolgate.dev", "crd/toolcallapprovals.toolgate.dev").orFail();
    }
}
