package dev.toolgate.operator.dependent;

import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowCleanupResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/** A reconcile Context holding given secondary resources, for unit tests of desired(). */
final class StubContext implements Context<McpServer> {
    private final McpServer primary;
    private final List<Object> secondaries;
    private final Shared shared = new Shared();
    private KubernetesClient client;

    StubContext(McpServer primary, Object... secondaries) {
        this.primary = primary;
        this.secondaries = List.of(secondaries);
    }

    /** A context whose client is {@code client} (a mock API server), for dependents that call the API themselves. */
    static StubContext withClient(McpServer primary, KubernetesClient client) {
        StubContext context = new StubContext(primary);
        context.client = client;
        return context;
    }

    @Override
    public <R> Set<R> getSecondaryResources(Class<R> type) {
        return secondaries.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toSet());
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> type) {
        return secondaries.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
        return getSecondaryResource(type);
    }

    @Override
    public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
        return shared;
    }

    @Override
    public McpServer getPrimaryResource() {
        return primary;
    }

    @Override
    public Optional<RetryInfo> getRetryInfo() {
        return Optional.empty();
    }

    @Override
    public ControllerConfiguration<McpServer> getControllerConfiguration() {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventSourceRetriever<McpServer> eventSourceRetriever() {
        throw new UnsupportedOperationException();
    }

    @Override
    public KubernetesClient getClient() {
        if (client == null) {
            throw new UnsupportedOperationException();
        }
        return client;
    }

    @Override
    public ExecutorService getWorkflowExecutorService() {
        throw new UnsupportedOperationException();
    }

    @Override
    public IndexedResourceCache<McpServer> getPrimaryCache() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isNextReconciliationImminent() {
        return false;
    }

    @Override
    public boolean isPrimaryResourceDeleted() {
        return false;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
        return false;
    }

    private static final class Shared implements ManagedWorkflowAndDependentResourceContext {
        private final Map<Object, Object> values = new HashMap<>();

        @Override
        public <T> Optional<T> get(Object key, Class<T> type) {
            return Optional.ofNullable(values.get(key)).map(type::cast);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T put(Object key, T value) {
            return (T) values.put(key, value);
        }

        @Override
        public <T> T getMandatory(Object key, Class<T> type) {
            return get(key, type).orElseThrow();
        }

        @Override
        public Optional<WorkflowReconcileResult> getWorkflowReconcileResult() {
            return Optional.empty();
        }

        @Override
        public Optional<WorkflowCleanupResult> getWorkflowCleanupResult() {
            return Optional.empty();
        }

        @Override
        public WorkflowReconcileResult reconcileManagedWorkflow() {
            throw new UnsupportedOperationException();
        }

        @Override
        public WorkflowCleanupResult cleanupManageWorkflow() {
            throw new UnsupportedOperationException();
        }
    }
}
