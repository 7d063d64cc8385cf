package dev.toolgate.operator;

import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.policy.PolicyValidator;
import dev.toolgate.operator.reconciler.McpServerReconciler;
import dev.toolgate.operator.reconciler.ToolPolicyReconciler;
import dev.toolgate.operator.reconciler.WarningEvents;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Clock;

/** Registers Toolgate's two controllers on an Operator; shared by {@link OperatorMain} and the tests. */
public final class ToolgateOperator {
    private ToolgateOperator() {
    }

    public static void register(Operator operator, OperatorSettings settings, PolicyValidator validator, Clock clock) {
        var events = new WarningEvents(settings.reportingInstance(), clock);
        operator.<McpServer>register(new McpServerReconciler(events, clock), c -> namespaces(c, settings));
        operator.<ToolPolicy>register(new ToolPolicyReconciler(validator, events, clock), c -> namespaces(c, settings));
    }

    private static <R extends HasMetadata> void namespaces(ControllerConfigurationOverrider<R> overrider, OperatorSettings settings) {
        if (settings.watchNamespaces().isEmpty()) {
            overrider.watchingAllNamespaces();
        } else {
            overrider.settingNamespaces(settings.watchNamespaces());
        }
    }
}
