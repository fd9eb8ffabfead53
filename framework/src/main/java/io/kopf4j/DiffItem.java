package io.kopf4j;

import java.util.List;
import java.util.Objects;

/**
 * One change between the old and the new state of an object: the operation, the path of keys to the changed field
 * (empty for the whole object), and the values before and after.
 *
 * <p>Values are plain Java as Jackson's {@code convertValue} gives them: {@code String}, a {@code Number},
 * {@code Boolean}, {@code List}, {@code Map}, or {@code null} (for an added or removed field). Lists and scalars are
 * compared as whole values, so a changed list item shows as a change of the whole list.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/diffs.py} ({@code DiffItem}: operation, field, old, new).
 *
 * @param op       what happened to the field
 * @param path     the keys leading to the field, from the object (or from the handler's field) downwards
 * @param oldValue the value before, or {@code null} when it was absent
 * @param newValue the value after, or {@code null} when it is absent now
 */
public record DiffItem(DiffOperation op, List<String> path, Object oldValue, Object newValue) {

    /** Checks that the operation and the path are given, and copies the path. */
    public DiffItem {
        Objects.requireNonNull(op, "op");
        path = List.copyOf(Objects.requireNonNull(path, "path"));
    }
}
