package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;

import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.Optional;

/**
 * The HMAC key of the McpServer's approval {@code requestState}s (MCP 2026-07-28 answers): 32 random bytes in a Secret
 * every proxy pod mounts, so a retry may reach any replica. Created once and never updated or read back: the operator
 * holds only {@code create} on Secrets (it cannot read anyone's Secrets, this one included), so a reconcile asks to
 * create it and takes "already exists" as done. A reconcile therefore never rotates it (a new key would refuse every
 * state in flight). So that reconciles with nothing to do write nothing, an McpServer whose Secret was made or found is
 * not asked about again for {@link #RECHECK} (this operator process's memory: a restarted operator asks once per
 * McpServer, and the API server's "already exists" changes nothing). To rotate, delete the Secret: a reconcile after
 * that time makes a new one, and pods read it when they restart. Owned by the McpServer (an owner reference), so it
 * goes with it.
 */
public class ApprovalStateSecretDependent implements DependentResource<Secret, McpServer>, NameSetter {
    static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a Secret made or found is taken to be there without asking again. */
    static final Duration RECHECK = Duration.ofMinutes(10);
    /** McpServer uid → when its Secret was last made or found (nanoTime); entries older than RECHECK are dropped. */
    private final Map<String, Long> known = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    /** The workflow names its dependents: the Deployment depends on this one by that name. */
    private String name = DependentResource.defaultNameFor(ApprovalStateSecretDependent.class);

    public ApprovalStateSecretDependent() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic clock {@link #RECHECK} is measured on (tests pass their own) */
    ApprovalStateSecretDependent(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ReconcileResult<Secret> reconcile(McpServer server, Context<McpServer> context) {
        String uid = server.getMetadata().getUid();
        long now = nanoTime.getAsLong();
        Long seen = uid == null ? null : known.get(uid);
        Secret desired = desired(server);
        if (seen != null && now - seen < RECHECK.toNanos()) {
            return ReconcileResult.noOperation(desired);
        }
        ReconcileResult<Secret> result;
        try {
            result = ReconcileResult.resourceCreated(context.getClient().secrets()
                    .inNamespace(server.getMetadata().getNamespace()).resource(desired).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            result = ReconcileResult.noOperation(desired); // made before: kept as it is
        }
        if (uid != null) {
            known.values().removeIf(at -> now - at >= RECHECK.toNanos()); // deleted McpServers' entries go too
            known.put(uid, now);
        }
        return result;
    }

    /** A fresh key each time: only ever the first one is created. */
    static Secret desired(McpServer server) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        Secret secret = new SecretBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.approvalState(server)))
                .withType("Opaque")
                .withImmutable(true)
                .withData(Map.of(ProxyNames.APPROVAL_STATE_KEY, Base64.getEncoder().encodeToString(key)))
                .build();
        secret.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder()
                .withApiVersion(server.getApiVersion()).withKind(server.getKind())
                .withName(server.getMetadata().getName()).withUid(server.getMetadata().getUid())
                .withController(true).build()));
        return secret;
    }

    @Override
    public Class<Secret> resourceType() {
        return Secret.class;
    }

    /** Never read back (the operator may not read Secrets). */
    @Override
    public Optional<Secret> getSecondaryResource(McpServer server, Context<McpServer> context) {
        return Optional.empty();
    }
}
