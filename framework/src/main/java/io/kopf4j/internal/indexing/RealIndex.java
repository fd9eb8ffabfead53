package io.kopf4j.internal.indexing;

import io.kopf4j.Index;
import io.kopf4j.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One index: key → (object → value), plus object → keys. Thread-safe (one lock per index); the views read under the
 * same lock and return snapshots. Null keys (Kopf's {@code None} key for non-mapping results) and null values are
 * allowed. Not API.
 */
public final class RealIndex implements Index<Object, Object> {
    private final Map<Object, Map<String, Object>> items = new LinkedHashMap<>();
    private final Map<String, Set<Object>> reverse = new HashMap<>();

    /**
     * Stores the object's result: a {@code Map}'s entries, or any other value under the null key; the object's
     * entries for keys it no longer gives are removed.
     *
     * @param object the object's identity (namespace/name/uid)
     * @param result the handler's non-null result
     */
    public synchronized void replace(String object, Object result) {
        Map<?, ?> entries = result instanceof Map<?, ?> m ? m : java.util.Collections.singletonMap(null, result);
        Set<Object> old = reverse.getOrDefault(object, Set.of());
        for (Object key : old) {
            if (!entries.containsKey(key)) {
                remove(object, key);
            }
        }
        Set<Object> keys = new LinkedHashSet<>(entries.keySet());
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            items.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(object, e.getValue());
        }
        if (keys.isEmpty()) {
            reverse.remove(object);
        } else {
            reverse.put(object, keys);
        }
    }

    /** Removes all entries of the object. */
    public synchronized void discard(String object) {
        Set<Object> keys = reverse.remove(object);
        if (keys != null) {
            for (Object key : keys) {
                remove(object, key);
            }
        }
    }

    private void remove(String object, Object key) {
        Map<String, Object> store = items.get(key);
        if (store != null) {
            store.remove(object);
            if (store.isEmpty()) {
                items.remove(key);
            }
        }
    }

    @Override
    public Store<Object> get(Object key) {
        return new View(key);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return items.containsKey(key);
    }

    @Override
    public synchronized Set<Object> keySet() {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items.keySet()));
    }

    @Override
    public synchronized int size() {
        return items.size();
    }

    private synchronized List<Object> valuesOf(Object key) {
        Map<String, Object> store = items.get(key);
        return store == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(store.values()));
    }

    @Override
    public synchronized String toString() {
        Map<Object, List<Object>> out = new LinkedHashMap<>();
        items.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
        return out.toString();
    }

    /** The live view of one key's values. */
    private final class View implements Store<Object> {
        private final Object key;

        View(Object key) {
            this.key = key;
        }

        @Override
        public int size() {
            return valuesOf(key).size();
        }

        @Override
        public boolean contains(Object value) {
            return valuesOf(key).stream().anyMatch(v -> Objects.equals(v, value));
        }

        @Override
        public List<Object> values() {
            return valuesOf(key);
        }

        @Override
        public Iterator<Object> iterator() {
            return values().iterator();
        }

        @Override
        public String toString() {
            return values().toString();
        }
    }
}
