package dev.toolgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.operator.policy.PolicyValidator;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The validator the operator tests run with. */
public final class TestValidators {
    private TestValidators() {
    }

    public static PolicyValidator current() {
        return TestValidators::windowsOnly;
    }

    /** Stand-in until the policy language lands: checks limit windows only. */
    private static int windowsOnly(JsonNode document, String source) throws InvalidPolicyException {
        List<PolicyError> errors = new ArrayList<>();
        var tools = document.path("tools");
        tools.fieldNames().forEachRemaining(tool -> {
            var limits = tools.path(tool).path("limits");
            for (int i = 0; i < limits.size(); i++) {
                var window = limits.get(i).path("window");
                if (window.isTextual() && !Set.of("second", "minute", "hour", "day").contains(window.asText())) {
                    errors.add(new PolicyError("tools." + tool + ".limits[" + i + "].window", "\"" + window.asText()
                            + "\" is not a window; use second, minute, hour, day or a number of seconds"));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(source, errors);
        }
        return tools.size();
    }
}
