package dev.toolgate.policy.eval;

import dev.toolgate.policy.model.Condition;

/** A precompiled condition on a counter's current value (a {@code state.} path other than the rule's own limit). */
public final class StateCondition {
    private final Condition source;
    private final CompiledCounter counter;
    private final Operand operand;
    private final Operand[] list;

    public StateCondition(Condition source, CompiledCounter counter) {
        this.source = source;
        this.counter = counter;
        this.operand = source.value().isArray() ? null : new Operand(source.value());
        if (source.value().isArray()) {
            list = new Operand[source.value().size()];
            for (int i = 0; i < list.length; i++) {
                list[i] = new Operand(source.value().get(i));
            }
        } else {
            list = null;
        }
    }

    public Condition source() {
        return source;
    }

    public CompiledCounter counter() {
        return counter;
    }

    public boolean test(long value) {
        return switch (source.op()) {
            case EQ -> operand.equalTo(value);
            case NEQ -> !operand.equalTo(value);
            case LT -> operand.compareNumber(value) < 0;
            case LTE -> operand.compareNumber(value) <= 0;
            case GT -> operand.compareNumber(value) > 0;
            case GTE -> operand.compareNumber(value) >= 0;
            case IN -> inList(value);
            case NOT_IN -> !inList(value);
            default -> false;
        };
    }

    private boolean inList(long value) {
        for (Operand o : list) {
            if (o.equalTo(value)) {
                return true;
            }
        }
        return false;
    }
}
