package io.kopf4j.internal.indexing;

import io.kopf4j.Index;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The operator's indices by id, created at start-up from the index handlers (so a name no handler has is known
 * at once). Not API.
 */
public final class Indices {
    private static final Indices NONE = new Indices(Set.of());

    private final Map<String, RealIndex> byId = new LinkedHashMap<>();

    public Indices(Collection<String> ids) {
        for (String id : ids) {
            byId.put(id, new RealIndex());
        }
    }

    /** No indices at all (contexts built outside an operator, e.g. in unit tests). */
    public static Indices none() {
        return NONE;
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** The index of that id, for writing. */
    public RealIndex index(String id) {
        RealIndex index = byId.get(id);
        if (index == null) {
            throw new IllegalArgumentException("There is no index named '" + id + "'; indices: " + byId.keySet());
        }
        return index;
    }

    /** The read-only index of that id, for injection. */
    @SuppressWarnings("unchecked")
    public <K, V> Index<K, V> view(String id) {
        return (Index<K, V>) (Index<?, ?>) index(id);
    }
}
