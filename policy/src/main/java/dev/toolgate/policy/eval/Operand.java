package dev.toolgate.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * A condition's constant, precompiled for comparison: numbers exactly (BigDecimal, with a long fast path),
 * strings by code point, booleans and null by value, lists and objects structurally.
 */
public final class Operand {
    private final JsonNode node;
    private final BigDecimal number;
    private final boolean fitsLong;
    private final long longValue;
    private final String string;

    public Operand(JsonNode node) {
        this.node = node;
        if (node.isNumber()) {
            this.number = node.decimalValue();
            long l = 0;
            boolean fits;
            try {
                l = number.longValueExact();
                fits = true;
            } catch (ArithmeticException e) {
                fits = false;
            }
            this.fitsLong = fits;
            this.longValue = l;
        } else {
            this.number = null;
            this.fitsLong = false;
            this.longValue = 0;
        }
        this.string = node.isTextual() ? node.asText() : null;
    }

    public boolean isNumber() {
        return number != null;
    }

    public boolean isString() {
        return string != null;
    }

    public BigDecimal number() {
        return number;
    }

    public String string() {
        return string;
    }

    /** Equality with a value from the call: numbers numerically, everything else by type and value. */
    public boolean equalTo(JsonNode actual) {
        if (number != null) {
            return actual.isNumber() && compareNumber(actual) == 0;
        }
        if (string != null) {
            return actual.isTextual() && string.equals(actual.textValue());
        }
        if (node.isBoolean()) {
            return actual.isBoolean() && actual.booleanValue() == node.booleanValue();
        }
        if (node.isNull()) {
            return actual.isNull();
        }
        return node.equals(actual);
    }

    /** Equality with a counter value. */
    public boolean equalTo(long counter) {
        return number != null && compareNumber(counter) == 0;
    }

    /** actual compared with this number (sign of actual - this); the actual must be a number. */
    public int compareNumber(JsonNode actual) {
        if (fitsLong && actual.isIntegralNumber() && actual.canConvertToLong()) {
            return Long.compare(actual.longValue(), longValue);
        }
        return actual.decimalValue().compareTo(number);
    }

    /** counter compared with this number. */
    public int compareNumber(long counter) {
        if (fitsLong) {
            return Long.compare(counter, longValue);
        }
        return BigDecimal.valueOf(counter).compareTo(number);
    }

    /** actual compared with this string by Unicode code point (not UTF-16 unit). */
    public int compareString(String actual) {
        int i = 0;
        int j = 0;
        while (i < actual.length() && j < string.length()) {
            int a = actual.codePointAt(i);
            int b = string.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Boolean.compare(i < actual.length(), j < string.length());
    }
}
