package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON text exactly as Kopf writes its annotations: Python's {@code json.dumps(value, separators=(',', ':'))}.
 * No spaces; keys in the tree's order (not sorted); every character outside printable ASCII escaped as a lowercase
 * {@code \\uXXXX} (Python's default {@code ensure_ascii=True}, astral characters as surrogate pairs), with the short
 * escapes {@code \\" \\\\ \\n \\r \\t \\b \\f}; integers as they are; floats as Python's {@code repr}
 * ({@code 1.0}, {@code 1e-05}, {@code 1e+16}).
 *
 * <p>Kopf: {@code kopf/_cogs/configs/progress.py} and {@code diffbase.py} ({@code json.dumps(..., separators=...)}).
 */
final class CompactJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CompactJson() {
    }

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode item : node) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(pythonFloat(node.doubleValue()));
        } else {
            string(node.asText(), out);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code repr(float)} (as {@code json.dumps} writes floats): the shortest round-tripping digits (as far
     * as the JDK's {@code Double.toString} gives them), positional for decimal exponents -4..15, else scientific with
     * a signed two-digit-minimum exponent.
     */
    static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int point = digits.length() - exact.scale();  // value = 0.digits * 10^point
        String sign = value < 0 ? "-" : "";
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            } else if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            } else {
                return sign + digits.substring(0, point) + "." + digits.substring(point);
            }
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
