package dev.toolgate.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.policy.model.Condition;
import dev.toolgate.policy.model.Op;

import java.util.HashSet;
import java.util.Set;

/** A precompiled condition on the call's arguments. A missing path fails it, except for {@code exists: false}. */
public final class ArgCondition {
    private final Condition source;
    private final ArgPath path;
    private final Op op;
    private final Operand operand;
    private final Operand[] list;
    private final Set<String> stringSet;
    private final RegexMatcher regex;
    private final boolean expectPresent;

    /** Compiles a condition the compiler has validated. */
    public ArgCondition(Condition source) {
        this.source = source;
        this.path = new ArgPath(source.path());
        this.op = source.op();
        JsonNode value = source.value();
        this.operand = new Operand(value);
        if (op == Op.IN || op == Op.NOT_IN) {
            list = new Operand[value.size()];
            Set<String> strings = new HashSet<>();
            for (int i = 0; i < value.size(); i++) {
                list[i] = new Operand(value.get(i));
                if (value.get(i).isTextual()) {
                    strings.add(value.get(i).asText());
                }
            }
            stringSet = strings;
        } else {
            list = null;
            stringSet = null;
        }
        this.regex = op == Op.REGEX ? new RegexMatcher(value.asText()) : null;
        this.expectPresent = op == Op.EXISTS && value.asBoolean();
    }

    public Condition source() {
        return source;
    }

    public boolean test(JsonNode arguments) {
        JsonNode actual = path.resolve(arguments);
        boolean present = actual != null && !actual.isNull();
        if (op == Op.EXISTS) {
            return present == expectPresent;
        }
        if (actual == null) {
            return false;
        }
        return switch (op) {
            case EQ -> operand.equalTo(actual);
            case NEQ -> !operand.equalTo(actual);
            case IN -> inList(actual);
            case NOT_IN -> !inList(actual);
            case LT -> compare(actual) < 0;
            case LTE -> compare(actual) <= 0 && comparable(actual);
            case GT -> compare(actual) > 0 && comparable(actual);
            case GTE -> compare(actual) >= 0 && comparable(actual);
            case REGEX -> actual.isTextual() && regex.find(actual.textValue());
            case CONTAINS -> contains(actual);
            case EXISTS -> throw new IllegalStateException("handled above");
        };
    }

    private boolean comparable(JsonNode actual) {
        return operand.isNumber() ? actual.isNumber() : actual.isTextual();
    }

    /** Sign of actual - operand; Integer.MAX_VALUE when the types do not compare (so lt/lte are false too). */
    private int compare(JsonNode actual) {
        if (operand.isNumber()) {
            return actual.isNumber() ? operand.compareNumber(actual) : Integer.MAX_VALUE;
        }
        return actual.isTextual() ? operand.compareString(actual.textValue()) : Integer.MAX_VALUE;
    }

    private boolean inList(JsonNode actual) {
        if (actual.isTextual()) {
            return stringSet.contains(actual.textValue());
        }
        for (Operand candidate : list) {
            if (candidate.equalTo(actual)) {
                return true;
            }
        }
        return false;
    }

    private boolean contains(JsonNode actual) {
        if (actual.isTextual()) {
            return operand.isString() && actual.textValue().contains(operand.string());
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (operand.equalTo(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
