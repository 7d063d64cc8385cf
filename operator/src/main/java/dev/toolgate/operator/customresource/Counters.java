package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where the proxy pods keep rate-limit and quota counters: shared in Redis, instead of each pod in memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Counters {
    @Required
    @JsonPropertyDescription("The Redis or Valkey every proxy pod of this McpServer shares its counters in.")
    private RedisCounters redis;

    @JsonPropertyDescription("While Redis cannot answer: closed (default) refuses calls that need a counter; local counts them in each pod against max / replicas (rounded down, at least 1).")
    private CounterFailureMode onFailure;

    public RedisCounters getRedis() { return redis; }
    public void setRedis(RedisCounters redis) { this.redis = redis; }
    public CounterFailureMode getOnFailure() { return onFailure; }
    public void setOnFailure(CounterFailureMode onFailure) { this.onFailure = onFailure; }
}
