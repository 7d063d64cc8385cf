package dev.toolgate.proxy.kubernetes;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyLoader;
import dev.toolgate.proxy.source.PolicySource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The policy from a ConfigMap, key {@value PolicyConfigMap#KEY}, watched through the API server (an informer on that one
 * ConfigMap, not a mounted volume, whose kubelet refresh takes a minute): a change is delivered as soon as the
 * watch reports it. Fails closed: while the ConfigMap or its key is missing, or before the first valid policy
 * arrives, the listener gets a policy that denies every call. An invalid version goes to
 * {@link Listener#onInvalid} and the last good policy stays in force.
 */
public final class ConfigMapPolicySource implements PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapPolicySource.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Duration syncTimeout;
    private final Consumer<ConfigMap> observer;
    private final Object lock = new Object();
    private SharedIndexInformer<ConfigMap> informer;
    private Listener listener;
    private boolean delivered;
    private boolean denyingAll;
    private boolean hasGoodPolicy;
    private String lastSeenText;

    /**
     * @param syncTimeout how long {@link #start} waits for the first read before it starts with deny-all
     * @param observer    sees every version of the ConfigMap (null when deleted), e.g. to learn owner UIDs
     */
    public ConfigMapPolicySource(KubernetesClient client, String namespace, String name, Duration syncTimeout,
                                 Consumer<ConfigMap> observer) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.syncTimeout = syncTimeout;
        this.observer = observer == null ? configMap -> { } : observer;
    }

    /** Where the policy comes from, as it appears in error messages. */
    public String source() {
        return "configmap " + namespace + "/" + name;
    }

    /**
     * Starts the watch and delivers the current policy before returning (deny-all when the ConfigMap or key is
     * missing, or when the API server has not answered within the sync timeout; the watch keeps trying).
     */
    @Override
    public void start(Listener listener) throws InterruptedException {
        synchronized (lock) {
            if (this.listener != null) {
                throw new IllegalStateException(source() + " is already started");
            }
            this.listener = Objects.requireNonNull(listener, "listener");
        }
        informer = client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            LOG.warn("Watching {} failed ({}); retrying, the current policy stays in force", source(), error.toString());
            return true;
        });
        informer.addEventHandler(new EveryVersion<>(this::apply));
        try {
            informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            LOG.warn("Could not read {} within {} ({}); denying every call until it can be read", source(), syncTimeout,
                    e instanceof TimeoutException ? "timed out" : e instanceof ExecutionException ? e.getCause().toString() : e.toString());
        }
        synchronized (lock) {
            if (!delivered) {
                apply(informer.getStore().getByKey(namespace + "/" + name));
            }
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }

    private void apply(ConfigMap configMap) {
        synchronized (lock) {
            delivered = true;
            observer.accept(configMap);
            String text = configMap == null || configMap.getData() == null ? null : configMap.getData().get(PolicyConfigMap.KEY);
            if (text == null) {
                denyAll(configMap == null ? "does not exist" : "has no key " + PolicyConfigMap.KEY);
            } else if (!text.equals(lastSeenText)) {
                // metadata-only updates and resyncs carry the same text: nothing to do
                lastSeenText = text;
                load(text);
            }
        }
    }

    private void load(String text) {
        try {
            CompiledPolicy policy = PolicyLoader.parse(text, source());
            hasGoodPolicy = true;
            denyingAll = false;
            listener.onPolicy(policy);
            LOG.info("Loaded the policy from {} ({} tool entries)", source(), policy.toolCount());
        } catch (InvalidPolicyException e) {
            LOG.warn("Rejected an invalid policy in {}; {}:\n{}", source(),
                    hasGoodPolicy ? "the last good policy stays in force" : "denying every call", e.getMessage());
            listener.onInvalid(e.errors());
            if (!hasGoodPolicy && !denyingAll) {
                deliverDenyAll();
            }
        }
    }

    private void denyAll(String why) {
        lastSeenText = null;
        hasGoodPolicy = false;
        if (!denyingAll) {
            LOG.warn("ConfigMap {} {}: denying every call (fail closed)", source(), why);
            deliverDenyAll();
        }
    }

    private void deliverDenyAll() {
        try {
            listener.onPolicy(PolicyLoader.parse(PolicyConfigMap.DENY_ALL, source() + " (missing: deny all)"));
            denyingAll = true;
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException("the built-in deny-all policy is invalid", e);
        }
    }
}
