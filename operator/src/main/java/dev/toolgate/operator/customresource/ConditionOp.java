package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The comparison of an Intercept condition. */
public enum ConditionOp {
    @JsonProperty("eq") EQ,
    @JsonProperty("neq") NEQ,
    @JsonProperty("in") IN,
    @JsonProperty("not_in") NOT_IN,
    @JsonProperty("lt") LT,
    @JsonProperty("lte") LTE,
    @JsonProperty("gt") GT,
    @JsonProperty("gte") GTE,
    @JsonProperty("regex") REGEX,
    @JsonProperty("contains") CONTAINS,
    @JsonProperty("exists") EXISTS
}
