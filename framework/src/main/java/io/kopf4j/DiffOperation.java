package io.kopf4j;

/**
 * What happened to one field between the old and the new state of an object.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/diffs.py} ({@code DiffOperation}: 'add', 'change', 'remove').
 */
public enum DiffOperation {
    /** The field was absent or null before and has a value now. */
    ADD,
    /** The field has a different value now (also when a map became a scalar or a list). */
    CHANGE,
    /** The field had a value before and is absent or null now. */
    REMOVE;

    /** Kopf's spelling of the operation: {@code "add"}, {@code "change"} or {@code "remove"}. */
    public String kopfName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
