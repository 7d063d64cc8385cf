package dev.toolgate.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a call that needs a counter gets while the shared counter store cannot answer. */
public enum CounterFailureMode {
    /** Refused, with a reason saying the limit store is unavailable. */
    @JsonProperty("closed") CLOSED,
    /** Counted in each pod alone, against max ÷ replicas (rounded down, at least 1). */
    @JsonProperty("local") LOCAL;

    /** As the proxy's {@code --redis-failure} flag takes it. */
    public String text() {
        return this == CLOSED ? "closed" : "local";
    }
}
