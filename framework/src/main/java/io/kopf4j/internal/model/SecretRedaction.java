package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kopf4j.Diff;
import io.kopf4j.DiffItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides the values of a v1 Secret's {@code data} and {@code stringData} in what the framework logs about it: bodies,
 * merge-patches, JSON-patches and diffs. The keys stay visible (they say what changed); each value becomes
 * {@value #MASK}. Objects of any other kind are returned as they are. Kopf logs these lines unmasked; kopf4j never
 * writes Secret data to the logs.
 *
 * <p>Not API.
 */
public final class SecretRedaction {
    /** What every hidden value is shown as. */
    public static final String MASK = "***";

    private static final Set<String> FIELDS = Set.of("data", "stringData");

    private SecretRedaction() {
    }

    /** Whether objects of this kind carry data to hide: core {@code v1} Secrets. */
    public static boolean applies(ResourceKind kind) {
        return kind != null && kind.group().isEmpty() && kind.plural().equals("secrets");
    }

    /** A body or merge-patch with the Secret's data values masked (a copy); the same node for other kinds. */
    public static JsonNode body(ResourceKind kind, JsonNode body) {
        if (!applies(kind) || body == null || !body.isObject()) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        for (String field : FIELDS) {
            if (copy.has(field)) {
                copy.set(field, maskedMap(copy.get(field)));
            }
        }
        return copy;
    }

    /** JSON-patch operations with the values written into the Secret's data masked; the same list for other kinds. */
    public static List<? extends JsonNode> jsonPatch(ResourceKind kind, List<? extends JsonNode> ops) {
        if (!applies(kind)) {
            return ops;
        }
        List<JsonNode> out = new ArrayList<>(ops.size());
        for (JsonNode op : ops) {
            String path = op.path("path").asText("");
            if (!op.isObject() || !op.has("value")) {
                out.add(op);
            } else if (path.isEmpty()) {
                ObjectNode copy = op.deepCopy();
                copy.set("value", body(kind, op.get("value")));
                out.add(copy);
            } else {
                String[] segments = path.substring(1).split("/", -1);
                if (FIELDS.contains(segments[0])) {
                    ObjectNode copy = op.deepCopy();
                    copy.set("value", segments.length == 1 ? maskedMap(op.get("value"))
                            : copy.textNode(MASK));
                    out.add(copy);
                } else {
                    out.add(op);
                }
            }
        }
        return out;
    }

    /** A diff with the Secret's data values masked (its keys and operations kept); the same diff for other kinds. */
    public static Diff diff(ResourceKind kind, Diff diff) {
        if (!applies(kind)) {
            return diff;
        }
        List<DiffItem> out = new ArrayList<>(diff.size());
        for (DiffItem item : diff) {
            List<String> path = item.path();
            if (path.isEmpty()) {
                out.add(new DiffItem(item.op(), path, maskedPlainBody(item.oldValue()),
                        maskedPlainBody(item.newValue())));
            } else if (FIELDS.contains(path.get(0))) {
                boolean whole = path.size() == 1;
                out.add(new DiffItem(item.op(), path, whole ? maskedPlainMap(item.oldValue()) : masked(item.oldValue()),
                        whole ? maskedPlainMap(item.newValue()) : masked(item.newValue())));
            } else {
                out.add(item);
            }
        }
        return Diff.of(out);
    }

    private static JsonNode maskedMap(JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (!value.isObject()) {
            return TextNode.valueOf(MASK);
        }
        ObjectNode masked = ((ObjectNode) value).objectNode();
        value.fieldNames().forEachRemaining(k -> masked.put(k, value.get(k).isNull() ? null : MASK));
        return masked;
    }

    private static Object masked(Object value) {
        return value == null ? null : MASK;
    }

    private static Object maskedPlainMap(Object value) {
        if (!(value instanceof Map)) {
            return masked(value);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> out.put(k, masked(v)));
        return out;
    }

    private static Object maskedPlainBody(Object value) {
        if (!(value instanceof Map)) {
            return value;
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> out.put(k, FIELDS.contains(k) ? maskedPlainMap(v) : v));
        return out;
    }
}
