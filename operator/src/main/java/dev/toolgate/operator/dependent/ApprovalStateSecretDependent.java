package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The HMAC key of the McpServer's approval {@code requestState}s (MCP 2026-07-28 answers): 32 random bytes in a Secret
 * every proxy pod mounts, so a retry may reach any replica. Created once and never updated (a Creator, not an
 * Updater): a reconcile does not rotate it, as a new key would refuse every state in flight. To rotate, delete the
 * Secret: the operator makes a new one, and pods read it when they restart. Owned by the McpServer, deleted with it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ApprovalStateSecretDependent extends KubernetesDependentResource<Secret, McpServer>
        implements Creator<Secret, McpServer>, GarbageCollected<McpServer> {
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected Secret desired(McpServer server, Context<McpServer> context) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SecretBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.approvalState(server)))
                .withType("Opaque")
                .withImmutable(true)
                .withData(Map.of(ProxyNames.APPROVAL_STATE_KEY, Base64.getEncoder().encodeToString(key)))
                .build();
    }
}
