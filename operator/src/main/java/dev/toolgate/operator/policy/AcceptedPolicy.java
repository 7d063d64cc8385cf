package dev.toolgate.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The last accepted policy document of one ToolPolicy.
 *
 * @param name     the ToolPolicy's name; merged rule names are prefixed with it and a slash
 * @param document the policy (the ToolPolicy spec without targetRef)
 */
public record AcceptedPolicy(String name, JsonNode document) {
}
