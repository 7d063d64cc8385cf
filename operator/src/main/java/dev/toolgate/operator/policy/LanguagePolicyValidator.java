package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyLoader;

/** Validation by the same policy language the proxy enforces. */
public final class LanguagePolicyValidator implements PolicyValidator {
    @Override
    public int validate(JsonNode document, String source) throws InvalidPolicyException {
        return PolicyLoader.fromTree(document, source).toolCount();
    }
}
