package io.kopf4j;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The changes of an object since it was last handled: an immutable list of {@link DiffItem}s. An empty diff means
 * nothing essential changed. Injected into update and field handlers; a field handler sees only its field's changes,
 * with paths relative to that field.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/diffs.py} ({@code Diff}).
 */
public final class Diff implements Iterable<DiffItem> {

    private static final Diff EMPTY = new Diff(List.of());

    private final List<DiffItem> items;

    private Diff(List<DiffItem> items) {
        this.items = items;
    }

    /** A diff of the given items, in that order. */
    public static Diff of(List<DiffItem> items) {
        List<DiffItem> copy = List.copyOf(Objects.requireNonNull(items, "items"));
        return copy.isEmpty() ? EMPTY : new Diff(copy);
    }

    /** The diff without changes. */
    public static Diff empty() {
        return EMPTY;
    }

    /** The item at {@code index} (0-based). */
    public DiffItem get(int index) {
        return items.get(index);
    }

    /** The number of items. */
    public int size() {
        return items.size();
    }

    /** Whether nothing essential changed. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** The items, in order, as a stream. */
    public Stream<DiffItem> stream() {
        return items.stream();
    }

    /** The items as an unmodifiable list. */
    public List<DiffItem> items() {
        return items;
    }

    @Override
    public Iterator<DiffItem> iterator() {
        return items.iterator();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Diff && items.equals(((Diff) other).items));
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "Diff" + items;
    }
}
