package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java ({@code String}, {@code Number}, {@code Boolean}, {@code List}, {@code Map},
 * {@code null}), and their equality as Python's {@code ==} sees it, which decides what Kopf reports as a change.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/diffs.py} (the {@code a == b} test of {@code diff_iter}).
 */
final class PlainValues {

    private PlainValues() {
    }

    /**
     * The plain Java form of a node, with the number types Jackson's {@code convertValue} gives (Integer, Long,
     * BigInteger, Double, BigDecimal). Maps keep their key order; lists and maps are unmodifiable. A missing or null
     * node is {@code null}.
     */
    static Object of(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), of(entry.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(of(item));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBinary()) {
            return node.asText();  // base64, as it would be in JSON text
        }
        throw new IllegalArgumentException("Not a JSON value: " + node.getNodeType());
    }

    /**
     * Python's {@code a == b} on JSON-like values: numbers by mathematical value ({@code 1 == 1.0}), booleans as the
     * numbers 1 and 0 ({@code True == 1}, as in Python), maps by keys regardless of order, lists item by item.
     */
    static boolean pythonEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumeric(a) && isNumeric(b)) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !pythonEquals(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!pythonEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isNumeric(Object value) {
        return value instanceof Number || value instanceof Boolean;
    }

    /** The exact decimal value, or null for NaN and infinities (which equal nothing, not even themselves). */
    private static BigDecimal decimal(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d) : null;
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }
}
