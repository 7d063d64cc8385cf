package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PolicyLayer's per-tool action. */
public enum ToolAction {
    @JsonProperty("allow") ALLOW,
    @JsonProperty("deny") DENY,
    @JsonProperty("require_approval") REQUIRE_APPROVAL
}
