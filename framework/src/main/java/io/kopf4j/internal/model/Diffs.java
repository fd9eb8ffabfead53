package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Diff;
import io.kopf4j.DiffItem;
import io.kopf4j.DiffOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Kopf's diff of two JSON values, and its narrowing to one field.
 *
 * <p>The rules, as Kopf's {@code diff_iter}: equal values (by Python's {@code ==}) give nothing; old {@code null}
 * gives one ADD of the whole new value, new {@code null} one REMOVE of the whole old value; two maps are walked key
 * by key; anything else (lists, scalars, a map against a non-map) is one CHANGE of the whole value. A missing key and
 * a key with a {@code null} value are the same thing, so neither side yields an item. Within a map, the items come
 * as additions, then removals, then changes inside common keys (Kopf's order), each group sorted by key (Kopf's
 * order inside a group depends on hashing; ours is stable).
 *
 * <p>Kopf: {@code kopf/_cogs/structs/diffs.py} ({@code diff}, {@code diff_iter}, {@code reduce}, {@code DiffScope}).
 */
public final class Diffs {

    /** Which side's keys are walked: both (the default), only the old one's, or only the new one's. */
    public enum Scope {
        FULL(true, true), LEFT(true, false), RIGHT(false, true);

        private final boolean left;
        private final boolean right;

        Scope(boolean left, boolean right) {
            this.left = left;
            this.right = right;
        }
    }

    private Diffs() {
    }

    /** The diff from {@code old} to {@code now} (either may be null or missing: "no object"). */
    public static Diff diff(JsonNode old, JsonNode now) {
        return diff(old, now, Scope.FULL);
    }

    public static Diff diff(JsonNode old, JsonNode now, Scope scope) {
        return diffPlain(PlainValues.of(old), PlainValues.of(now), scope);
    }

    /** The diff of two plain Java values (maps, lists, scalars, null). */
    public static Diff diffPlain(Object old, Object now, Scope scope) {
        List<DiffItem> items = new ArrayList<>();
        walk(old, now, List.of(), scope, items);
        return Diff.of(items);
    }

    private static void walk(Object a, Object b, List<String> path, Scope scope, List<DiffItem> out) {
        if (PlainValues.pythonEquals(a, b)) {
            return;  // includes both null
        }
        if (a == null) {
            out.add(new DiffItem(DiffOperation.ADD, path, null, b));
        } else if (b == null) {
            out.add(new DiffItem(DiffOperation.REMOVE, path, a, null));
        } else if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            if (scope.right) {
                for (String key : sortedKeys(y)) {
                    if (!x.containsKey(key)) {
                        walk(null, y.get(key), append(path, key), scope, out);
                    }
                }
            }
            if (scope.left) {
                for (String key : sortedKeys(x)) {
                    if (!y.containsKey(key)) {
                        walk(x.get(key), null, append(path, key), scope, out);
                    }
                }
            }
            for (String key : sortedKeys(x)) {
                if (y.containsKey(key)) {
                    walk(x.get(key), y.get(key), append(path, key), scope, out);
                }
            }
        } else {
            out.add(new DiffItem(DiffOperation.CHANGE, path, a, b));
        }
    }

    /**
     * The part of {@code diff} about {@code field}, with paths relative to it. Items inside the field keep their
     * tail; an item on a parent of the field (e.g. all of {@code spec} added) is re-diffed on the field's old and new
     * values; items elsewhere are dropped. The root field returns the diff as it is.
     */
    public static Diff reduce(Diff diff, FieldPath field) {
        if (field.isRoot()) {
            return diff;
        }
        List<String> target = field.keys();
        List<DiffItem> items = new ArrayList<>();
        for (DiffItem item : diff) {
            List<String> path = item.path();
            if (path.size() >= target.size() && path.subList(0, target.size()).equals(target)) {
                items.add(new DiffItem(item.op(), path.subList(target.size(), path.size()),
                        item.oldValue(), item.newValue()));
            } else if (path.size() < target.size() && target.subList(0, path.size()).equals(path)) {
                FieldPath tail = FieldPath.of(target.subList(path.size(), target.size()));
                walk(tail.resolvePlain(item.oldValue()), tail.resolvePlain(item.newValue()), List.of(),
                        Scope.FULL, items);
            }
        }
        return Diff.of(items);
    }

    private static TreeSet<String> sortedKeys(Map<?, ?> map) {
        TreeSet<String> keys = new TreeSet<>();
        for (Object key : map.keySet()) {
            keys.add((String) key);
        }
        return keys;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(key);
        return longer;
    }
}
