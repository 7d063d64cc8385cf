package dev.toolgate.proxy.source;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.PolicyError;

import java.util.List;

/**
 * Where the proxy's policy comes from: a watched file (standalone) or a watched ConfigMap (Kubernetes mode).
 * A source delivers the current policy on start and every later valid change; an invalid change is reported
 * and the last good policy stays in force.
 */
public interface PolicySource extends AutoCloseable {
    void start(Listener listener) throws Exception;

    @Override
    void close();

    interface Listener {
        void onPolicy(CompiledPolicy policy);

        void onInvalid(List<PolicyError> errors);
    }
}
