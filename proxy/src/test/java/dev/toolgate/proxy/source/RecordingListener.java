package dev.toolgate.proxy.source;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.PolicyEngine;
import dev.toolgate.policy.PolicyError;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a PolicySource delivered, in order (sources deliver from their own threads). */
public final class RecordingListener implements PolicySource.Listener {
    public final List<CompiledPolicy> policies = new CopyOnWriteArrayList<>();
    public final List<List<PolicyError>> invalid = new CopyOnWriteArrayList<>();

    @Override
    public void onPolicy(CompiledPolicy policy) {
        policies.add(policy);
    }

    @Override
    public void onInvalid(List<PolicyError> errors) {
        invalid.add(errors);
    }

    /** An engine on the latest policy delivered. */
    public PolicyEngine current() {
        return new PolicyEngine(policies.get(policies.size() - 1), Clock.systemUTC());
    }
}
