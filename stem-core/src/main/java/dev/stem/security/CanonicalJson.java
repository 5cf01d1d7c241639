package dev.stem.security;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/// Writes a JSON tree in Stem's canonical form, the text that Python's
/// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes for the same
/// value: object keys sorted by Unicode code point, no spaces, strings escaped only where JSON
/// requires it (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as lower-case
/// `\\u00xx`), integers in decimal, other numbers as the shortest text that reads back as the same
/// double (Python's `repr`: `0.1`, `1.0`, `1e-05`, `1.5e+16`). So a producer in Python can sign what
/// Stem verifies. Not-a-number and infinite values have no canonical form.
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /// The canonical text of `node`.
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        }
        else if (node.isBoolean()) {
            out.append(node.booleanValue());
        }
        else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        }
        else if (node.isNumber()) {
            out.append(pythonRepr(node.doubleValue()));
        }
        else if (node.isString()) {
            string(node.stringValue(), out);
        }
        else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        }
        else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(node.properties());
            properties.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
            out.append('{');
            for (int i = 0; i < properties.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(properties.get(i).getKey(), out);
                out.append(':');
                write(properties.get(i).getValue(), out);
            }
            out.append('}');
        }
        else {
            throw new IllegalArgumentException("no canonical JSON form for a " + node.getNodeType() + " node");
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /// The shortest decimal that reads back as `value`. `Double.toString` writes at least two
    /// significant digits, so when it wrote two, one may be enough.
    private static BigDecimal shortest(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() == 2) {
            BigDecimal one = new BigDecimal(value).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == value) {
                return one.stripTrailingZeros();
            }
        }
        return java;
    }

    /// Python's `repr` of a double: the shortest digits that read back as `value`, in positional
    /// notation when the decimal exponent is from -4 to 15, else in scientific notation.
    static String pythonRepr(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("no canonical JSON form for the number " + value);
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        String sign = value < 0 ? "-" : "";
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int point = digits.length() - shortest.scale();
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point < digits.length()) {
                return sign + digits.substring(0, point) + "." + digits.substring(point);
            }
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exponentText = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentText;
    }
}
