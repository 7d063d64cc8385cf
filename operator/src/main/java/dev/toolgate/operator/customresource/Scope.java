package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who shares a counter. */
public enum Scope {
    @JsonProperty("global") GLOBAL,
    @JsonProperty("grant") GRANT,
    @JsonProperty("identity") IDENTITY,
    @JsonProperty("session") SESSION
}
