package dev.toolgate.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.util.List;

/** A ServiceAccount as the API server authenticates it: the user name and groups its token would carry. */
public record ServiceAccountName(String namespace, String name) {
    public String username() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    public List<String> groups() {
        return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }

    /** What {@code kubectl create token NAME} prints: a TokenRequest token of this ServiceAccount, valid for an hour. */
    String token(ControlPlane cluster) {
        try (var admin = cluster.adminClient()) {
            return admin.serviceAccounts().inNamespace(namespace).withName(name)
                    .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                    .getStatus().getToken();
        }
    }

    List<String> impersonationFlags() {
        List<String> flags = new java.util.ArrayList<>(List.of("--as=" + username()));
        groups().forEach(group -> flags.add("--as-group=" + group));
        return flags;
    }
}
