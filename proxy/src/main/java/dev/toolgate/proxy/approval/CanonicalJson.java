package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by the UTF-16 code units of their names, no
 * whitespace, strings escaped as ECMAScript's {@code JSON.stringify} does, numbers as IEEE 754 doubles written the way
 * ECMAScript's {@code Number.prototype.toString} does (shortest digits that read back as the same double).
 *
 * <p>An approval binds the digest of this text, so with {@code exactNumbers} a number that a double cannot hold
 * exactly as written ({@code 9007199254740993}, {@code 0.10000000000000001}, {@code 1e400}) is refused: two different
 * arguments would otherwise share a digest, and an upstream reading numbers exactly would run another call than the
 * one approved. Strings with a lone surrogate are refused too (JCS is for I-JSON).
 */
public final class CanonicalJson {
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}; throws {@link IllegalArgumentException} for what JCS cannot represent. */
    public static String canonicalize(JsonNode node, boolean exactNumbers) {
        StringBuilder out = new StringBuilder();
        write(node, exactNumbers, out);
        return out.toString();
    }

    /** Hex SHA-256 of the UTF-8 canonical text. */
    public static String sha256(JsonNode node, boolean exactNumbers) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalize(node, exactNumbers).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void write(JsonNode node, boolean exactNumbers, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    members.add(fields.next());
                }
                // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for
                members.sort(Map.Entry.comparingByKey());
                out.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(members.get(i).getKey(), out);
                    out.append(':');
                    write(members.get(i).getValue(), exactNumbers, out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), exactNumbers, out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> out.append(number(node.decimalValue(), exactNumbers));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("a string holds a lone surrogate");
                }
                out.append(c).append(value.charAt(++i));
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.toHexDigits((byte) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String number(BigDecimal exact, boolean exactNumbers) {
        double value = exact.doubleValue();
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("a number is outside the range of an IEEE 754 double");
        }
        String text = number(value);
        if (exactNumbers && new BigDecimal(text).compareTo(exact) != 0) {
            throw new IllegalArgumentException("a number cannot be held exactly as an IEEE 754 double");
        }
        return text;
    }

    /** ECMAScript's {@code Number.prototype.toString} of a finite double (ECMA-262, Number::toString). */
    static String number(double value) {
        if (value == 0) {
            return "0"; // -0 too
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("NaN and Infinity are not JSON");
        }
        BigDecimal shortest = shortest(value);
        String digits = shortest.unscaledValue().abs().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return out.toString();
    }

    /**
     * The fewest significant digits that read back as {@code value}; among those, the closest to it. (Java 17's
     * {@code Double.toString} is not always shortest, so the digits are searched for.)
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
