package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an Intercept rule does. */
public enum RuleAction {
    @JsonProperty("evaluate") EVALUATE,
    @JsonProperty("deny") DENY,
    @JsonProperty("require_approval") REQUIRE_APPROVAL
}
