package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON-patch (RFC 6902) operations that turn one tree into another, for {@code patch.fn} transformations: maps
 * key by key (removals, additions, replacements, in the source's key order), lists item by item over the common
 * length, then appended items ({@code add} at the end) or dropped ones ({@code remove} from the end); anything else
 * is replaced. Kopf uses the {@code jsonpatch} library's {@code from_diff} here. Also used for the JSON-patches of
 * mutating admission responses. Not API.
 */
public final class JsonPatchDiff {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPatchDiff() {
    }

    /** The operations that turn {@code from} into {@code to}, without {@code test} operations. */
    public static List<ObjectNode> diff(JsonNode from, JsonNode to) {
        List<ObjectNode> ops = new ArrayList<>();
        walk(from, to, "", ops);
        return ops;
    }

    private static void walk(JsonNode a, JsonNode b, String path, List<ObjectNode> ops) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!b.has(key)) {
                    ops.add(NODES.objectNode().put("op", "remove").put("path", path + "/" + escape(key)));
                }
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String child = path + "/" + escape(key);
                if (!a.has(key)) {
                    ops.add(op("add", child, b.get(key)));
                } else {
                    walk(a.get(key), b.get(key), child, ops);
                }
            }
        } else if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                walk(a.get(i), b.get(i), path + "/" + i, ops);
            }
            for (int i = common; i < b.size(); i++) {
                ops.add(op("add", path + "/" + i, b.get(i)));
            }
            for (int i = a.size() - 1; i >= common; i--) {
                ops.add(NODES.objectNode().put("op", "remove").put("path", path + "/" + i));
            }
        } else {
            ops.add(op("replace", path, b));
        }
    }

    private static ObjectNode op(String name, String path, JsonNode value) {
        ObjectNode op = NODES.objectNode().put("op", name).put("path", path);
        op.set("value", value.deepCopy());
        return op;
    }

    /** RFC 6901: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Whether an operation's path is in {@code /status}. */
    static boolean isStatus(ObjectNode op) {
        String path = op.path("path").asText();
        return path.equals("/status") || path.startsWith("/status/");
    }
}
