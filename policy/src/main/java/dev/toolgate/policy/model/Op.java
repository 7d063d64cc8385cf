package dev.toolgate.policy.model;

/** A condition's comparison operator ({@code op:}). */
public enum Op {
    /** Equal: numbers numerically, strings exactly, booleans and null by value. */
    EQ,
    /** Not equal (a missing path still fails the condition). */
    NEQ,
    /** The value is one of a list. */
    IN,
    /** The value is none of a list. */
    NOT_IN,
    /** Less than: numbers exactly (BigDecimal), strings by code point. */
    LT,
    /** Less than or equal. */
    LTE,
    /** Greater than. */
    GT,
    /** Greater than or equal. */
    GTE,
    /** The string value contains a match of an RE2 regular expression (linear time, unanchored). */
    REGEX,
    /** A string contains a substring, or an array contains an element. */
    CONTAINS,
    /** The path is present ({@code value: true}) or absent ({@code value: false}). */
    EXISTS;

    /** The document spelling, e.g. {@code not_in}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The operator for a document keyword, or null when there is none. */
    public static Op fromKeyword(String keyword) {
        for (Op op : values()) {
            if (op.keyword().equals(keyword)) {
                return op;
            }
        }
        return null;
    }
}
