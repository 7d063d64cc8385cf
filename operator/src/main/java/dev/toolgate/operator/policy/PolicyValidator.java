package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.InvalidPolicyException;

/** Validates a policy document with the policy language. */
@FunctionalInterface
public interface PolicyValidator {
    /**
     * @param document the ToolPolicy spec without targetRef
     * @param source   names the document in messages, e.g. {@code toolpolicy NAMESPACE/NAME}
     * @return the number of tool entries (names and globs) the policy covers
     * @throws InvalidPolicyException with every error, path by path
     */
    int validate(JsonNode document, String source) throws InvalidPolicyException;
}
