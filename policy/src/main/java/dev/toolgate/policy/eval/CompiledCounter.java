package dev.toolgate.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.Caller;
import dev.toolgate.policy.counter.CounterKey;
import dev.toolgate.policy.model.CounterSpec;
import dev.toolgate.policy.model.Scope;
import dev.toolgate.policy.model.Window;

/**
 * A counter ready for evaluation: its store id ({@code <namespace>.<name>}), window, scope and increment.
 * The global scope's key is built once.
 */
public final class CompiledCounter {
    private final String id;
    private final CounterSpec spec;
    private final ArgPath incrementFrom;
    private final CounterKey globalKey;

    public CompiledCounter(String namespace, CounterSpec spec) {
        this.id = CounterSpec.id(namespace, spec.name());
        this.spec = spec;
        this.incrementFrom = spec.incrementFrom() == null ? null : new ArgPath(spec.incrementFrom());
        this.globalKey = new CounterKey(id, "");
    }

    public String id() {
        return id;
    }

    public CounterSpec spec() {
        return spec;
    }

    public Window window() {
        return spec.window();
    }

    public CounterKey key(Caller caller) {
        return switch (spec.scope()) {
            case GLOBAL -> globalKey;
            case GRANT -> new CounterKey(id, caller.grant());
            case IDENTITY -> new CounterKey(id, caller.identity());
            case SESSION -> new CounterKey(id, caller.session());
        };
    }

    /** The amount a call adds, or -1 when {@code increment_from} is missing or not a non-negative whole number. */
    public long amount(JsonNode arguments) {
        if (incrementFrom == null) {
            return spec.increment();
        }
        JsonNode value = incrementFrom.resolve(arguments);
        if (value == null || !value.isNumber()) {
            return -1;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() && value.longValue() >= 0 ? value.longValue() : -1;
        }
        try {
            long exact = value.decimalValue().longValueExact();
            return exact >= 0 ? exact : -1;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** For messages: "per grant", "for everybody". */
    public String scopeText() {
        return spec.scope() == Scope.GLOBAL ? "for all callers" : "per " + spec.scope().keyword();
    }
}
