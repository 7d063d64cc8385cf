package dev.toolgate.e2e;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Installs the checked-in CRDs the way the README says: {@code kubectl apply -f crds/} (idempotent). */
final class Crds {
    private Crds() {
    }

    static void install(ControlPlane cluster) {
        cluster.kubectl().run("apply", "-f", Repository.path("crds").toString()).orFail();
        // asked again: a CRD just created has no status.conditions yet, and kubectl wait then fails at once
        // ("accessor error: <nil> is of the type <nil>") instead of waiting
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> cluster.kubectl()
                .run("wait", "--for=condition=Established", "--timeout=10s", "crd/mcpservers.toolgate.dev",
                        "crd/toolpolicies.toolgate.dev", "crd/toolcallapprovals.toolgate.dev").exitCode() == 0);
    }
}
