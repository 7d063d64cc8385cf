package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A policy's answer for tools it does not list. */
public enum DefaultAction {
    @JsonProperty("allow") ALLOW,
    @JsonProperty("deny") DENY
}
