package dev.toolgate.operator.dependent;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.operator.customresource.Auth;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.OidcAuth;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

import java.util.List;

/**
 * An McpServer's {@code spec.auth} as the proxy takes it: the identities part of its command line, and its upstream
 * credential as an environment variable from the Secret (never on the command line, where every process on the node
 * could read it).
 */
final class ProxyIdentities {
    private ProxyIdentities() {
    }

    static KubernetesServe.Identities of(McpServer server) {
        Auth auth = server.getSpec().getAuth();
        if (auth == null) {
            return KubernetesServe.Identities.NONE;
        }
        OidcAuth oidc = auth.getOidc();
        String serviceAccounts = auth.getServiceAccounts() == null ? null : auth.getServiceAccounts().getAudience();
        if (oidc == null) {
            return new KubernetesServe.Identities(null, null, null, null, null, List.of(), serviceAccounts);
        }
        return new KubernetesServe.Identities(oidc.getIssuer(), oidc.getAudience(), oidc.getJwksUri(),
                oidc.getIdentityClaim(), oidc.getGrantsClaim(), oidc.getRequiredScopes(), serviceAccounts);
    }

    /** The upstream credential's variable, or none. */
    static List<EnvVar> environment(McpServer server) {
        Auth auth = server.getSpec().getAuth();
        if (auth == null || auth.getUpstreamTokenSecretRef() == null) {
            return List.of();
        }
        return List.of(new EnvVarBuilder().withName(PodEnvironment.UPSTREAM_TOKEN)
                .withNewValueFrom().withNewSecretKeyRef()
                .withName(auth.getUpstreamTokenSecretRef().getName()).withKey(auth.getUpstreamTokenSecretRef().keyOr("token"))
                .endSecretKeyRef().endValueFrom().build());
    }
}
