package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a call of a tool whose definition changed from its pin gets, until a person accepts the new definition. */
public enum ToolChangeAction {
    @JsonProperty("require_approval") REQUIRE_APPROVAL,
    @JsonProperty("deny") DENY;

    /** The proxy flag's spelling. */
    public String keyword() {
        return this == DENY ? "deny" : "require_approval";
    }
}
