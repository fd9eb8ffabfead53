package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path to a field inside an object: a list of keys, from a dotted string ({@code "spec.field"}) or from separate
 * keys (for keys containing dots, such as annotation names). The empty path is the object itself.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/dicts.py} ({@code FieldPath}, {@code parse_field}, {@code resolve}).
 */
public final class FieldPath {

    private static final FieldPath ROOT = new FieldPath(List.of());

    private final List<String> keys;

    private FieldPath(List<String> keys) {
        this.keys = keys;
    }

    /** The empty path: the whole object. */
    public static FieldPath root() {
        return ROOT;
    }

    /**
     * Parses a dotted path as Kopf does: split at every dot, nothing else ({@code "a..b"} has an empty middle key,
     * as in Python's {@code str.split('.')}).
     */
    public static FieldPath parse(String dotted) {
        Objects.requireNonNull(dotted, "dotted");
        return new FieldPath(List.of(dotted.split("\\.", -1)));
    }

    /** A path of the given keys, taken as they are (dots inside a key stay inside it). */
    public static FieldPath of(String... keys) {
        return of(Arrays.asList(keys));
    }

    /** A path of the given keys, taken as they are (dots inside a key stay inside it). */
    public static FieldPath of(List<String> keys) {
        List<String> copy = List.copyOf(keys);
        return copy.isEmpty() ? ROOT : new FieldPath(copy);
    }

    public List<String> keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    public boolean isRoot() {
        return keys.isEmpty();
    }

    /** This path with one more key at the end. */
    public FieldPath child(String key) {
        List<String> longer = new ArrayList<>(keys);
        longer.add(Objects.requireNonNull(key, "key"));
        return new FieldPath(List.copyOf(longer));
    }

    /** Whether this path begins with all keys of {@code prefix} (every path starts with the root). */
    public boolean startsWith(FieldPath prefix) {
        return keys.size() >= prefix.keys.size() && keys.subList(0, prefix.keys.size()).equals(prefix.keys);
    }

    /** The keys after the first {@code count} ones. */
    public FieldPath drop(int count) {
        return of(keys.subList(Math.min(count, keys.size()), keys.size()));
    }

    /**
     * The node at this path, or a {@link MissingNode} when a key is absent or a value on the way is not an object
     * (Kopf's "safe" resolution with a default: corrupted data reads as no data).
     */
    public JsonNode resolve(JsonNode root) {
        JsonNode node = root == null ? MissingNode.getInstance() : root;
        for (String key : keys) {
            if (!node.isObject() || !node.has(key)) {
                return MissingNode.getInstance();
            }
            node = node.get(key);
        }
        return node;
    }

    /**
     * The plain Java value at this path, or {@code null} when a key is absent or a value on the way is not a map.
     */
    public Object resolvePlain(Object root) {
        Object value = root;
        for (String key : keys) {
            if (!(value instanceof Map)) {
                return null;
            }
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof FieldPath && keys.equals(((FieldPath) other).keys));
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    /** The dotted form, as Kopf shows fields ({@code "spec.field"}; the root is the empty string). */
    @Override
    public String toString() {
        return String.join(".", keys);
    }
}
