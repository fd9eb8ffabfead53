package io.kopf4j;

import java.util.Set;

/**
 * A read-only, live view of one {@link On.Index} index: each key maps to the {@link Store} of the values that all
 * indexed objects gave for that key. Kept current on every watch event and deletion. Injected into handlers by name:
 * {@code @Indexed("podsByNamespace") Index<String, String> pods}. Kopf: {@code kopf.Index}.
 *
 * <p>An index handler returning a {@code Map} adds its entries; any other non-null value is indexed under the
 * {@code null} key (Kopf's {@code None} key); {@code null} leaves the object's previous entries as they are, as Kopf
 * does. A handler that throws, or whose filters stop matching, removes the object's entries.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Index<K, V> {
    /** The values for the key, from all objects; an empty store when no object gave that key. */
    Store<V> get(K key);

    /** Whether some object gave that key. */
    boolean containsKey(K key);

    /** A snapshot of the keys. */
    Set<K> keySet();

    /** The number of keys. */
    int size();

    /** Whether the index has no keys. */
    default boolean isEmpty() {
        return size() == 0;
    }
}
