package io.kopf4j;

import java.util.List;

/**
 * A read-only, live collection of the values that objects gave for one key of an {@link Index}, one per object.
 * Iteration goes over a snapshot. Kopf: {@code kopf.Store}.
 *
 * @param <V> the value type
 */
public interface Store<V> extends Iterable<V> {
    /** The number of objects that gave a value for this key. */
    int size();

    /** Whether no object gave a value for this key. */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** Whether some object's value equals {@code value}. */
    boolean contains(Object value);

    /** A snapshot of the values. */
    List<V> values();
}
